// The config loader on any bytes: a result or InvalidInput naming the file,
// never a crash, a hang or memory without bound.
#include "config/loader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  fuzz::MemoryFileSystem fs;
  const std::string path = "/fuzz/pipelines/environments.yml";
  Result<config::Config> c = config::Parse(fuzz::Text(data, size), path, fs);
  if (!c.ok() && (c.error().kind != ErrorKind::kInvalidInput || c.error().ToString().find(path) == std::string::npos)) {
    __builtin_trap();  // every problem of the config names the config
  }
  if (c.ok()) (void)c->EnvironmentNames();
  return 0;
}
