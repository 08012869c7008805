// The manifest reader on any bytes: every object it accepts can be sent as
// JSON (valid UTF-8, no overflow), and every problem names the file.
#include "manifest/document.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  static const std::map<std::string, std::string> values = {
      {"replicas", "3"}, {"image", "squadproject/squad:1.90"}, {"namespace", "qareports-staging"}};
  manifest::SecretLookup secret = [](const std::string& key) -> std::optional<std::string> {
    if (key == "MISSING") return std::nullopt;
    return "s3cr3t-" + key;
  };
  config::Problems problems{"k8s/fuzz.yml", {}};
  std::string text = fuzz::Text(data, size);
  bool secret_in_input = text.find("s3cr3t-") != std::string::npos;
  manifest::ParseManifest(text, problems.file, values, secret,
                          [](manifest::SourcedObject&& o) { (void)o.object.dump(); (void)o.Describe(); }, problems);
  for (const Error& e : problems.list) {
    if (e.ToString().find("k8s/fuzz.yml") == std::string::npos) __builtin_trap();
    if (!secret_in_input && e.ToString().find("s3cr3t-") != std::string::npos) __builtin_trap();  // secrets never show
  }
  return 0;
}
