#include "api/options.h"

namespace qareports::emulator {

const char* Usage() {
  return "usage: qareports-emulator --kubeconfig FILE [--rules FILE] [--time-scale N] "
         "[--state FILE] [--faults SPEC]\n";
}

bool ParseOptions(const std::vector<std::string>& args, Options* out, std::string* error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    bool inline_value = false;
    if (auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      *error = Usage();
      return false;
    }
    if (flag != "--kubeconfig" && flag != "--rules" && flag != "--time-scale" && flag != "--state" &&
        flag != "--faults") {
      *error = "unknown argument: " + args[i] + "\n" + Usage();
      return false;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        *error = flag + " needs a value\n" + Usage();
        return false;
      }
      value = args[++i];
    }
    if (flag == "--kubeconfig") out->kubeconfig = value;
    if (flag == "--rules") out->rules = value;
    if (flag == "--state") out->state = value;
    if (flag == "--faults") out->faults = value;
    if (flag == "--time-scale") {
      try {
        out->time_scale = std::stod(value);
      } catch (...) {
        out->time_scale = 0;
      }
      if (out->time_scale <= 0) {
        *error = "--time-scale must be a positive number\n";
        return false;
      }
    }
  }
  if (out->kubeconfig.empty()) {
    *error = std::string("--kubeconfig is required\n") + Usage();
    return false;
  }
  return true;
}

}  // namespace qareports::emulator
