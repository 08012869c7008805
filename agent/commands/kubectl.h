// The old script's terminal helpers that hand over to kubectl: `describe`,
// `k` and `ssh` run the real kubectl with the environment's kubeconfig,
// context and namespace, attached to the terminal, and exit with its code.
// Runs kubectl.
#pragma once

#include <string>
#include <vector>

#include "commands/command.h"

namespace qareports::commands {

class Kubectl {
 public:
  enum class Mode { kDescribe, kPassThrough, kShell };
  struct Options {
    Mode mode = Mode::kPassThrough;
    std::vector<std::string> args;  // describe: KIND NAME; k: anything; ssh: POD or WORKLOAD
    std::string shell = "/bin/sh";
  };
  Kubectl(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}

  // Unavailable when kubectl is not installed; otherwise kubectl's exit code
  // is the outcome's.
  Result<Outcome> Run(report::Report& report);

  // The kubectl command line for this run (no secrets in it).
  Result<std::vector<std::string>> CommandLine();

 private:
  Result<std::string> PodOf(const std::string& target);

  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
