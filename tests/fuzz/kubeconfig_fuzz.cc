// The kubeconfig reader on any bytes: a target, or an error naming the file.
#include "kube/kubeconfig.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  fuzz::MemoryFileSystem fs;
  fs.files["/fuzz/kubeconfig"] = fuzz::Text(data, size);
  fuzz::NoEnvironment env;
  kube::TargetRequest request{"/fuzz/kubeconfig", "", "/fuzz/no-service-account"};
  Result<kube::Target> t = kube::ResolveTarget(request, env, fs);
  if (!t.ok() && t.error().kind == ErrorKind::kInvalidInput &&
      t.error().ToString().find("/fuzz/kubeconfig") == std::string::npos &&
      t.error().ToString().find("context") == std::string::npos) {
    __builtin_trap();  // a malformed kubeconfig is named
  }
  return 0;
}
