// The command line: --kubeconfig FILE [--rules FILE] [--time-scale N]
// [--state FILE] [--faults SPEC] (also as --flag=value).
#pragma once
#include <string>
#include <vector>

namespace qareports::emulator {

struct Options {
  std::string kubeconfig;
  std::string rules;
  double time_scale = 1.0;
  std::string state;
  std::string faults;
};

// Returns false with a usage message on bad arguments.
bool ParseOptions(const std::vector<std::string>& args, Options* out, std::string* error);
const char* Usage();

}  // namespace qareports::emulator
