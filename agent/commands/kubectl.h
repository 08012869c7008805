// The old script's terminal helpers that hand over to kubectl: `describe`,
// `k` and `ssh` run the real kubectl with the environment's kubeconfig,
// context and namespace, attached to the terminal, and exit with its code.
// Each says what follows kubectl's cluster flags; Kubectl runs it. Runs
// kubectl.
#pragma once

#include <string>
#include <vector>

#include "commands/command.h"

namespace qareports::commands {

class Kubectl {
 public:
  explicit Kubectl(const Deps& deps) : deps_(deps) {}
  virtual ~Kubectl() = default;

  // Unavailable when kubectl is not installed; otherwise kubectl's exit code
  // is the outcome's.
  Result<Outcome> Run(report::Report& report);
  // The kubectl command line for this run (no secrets in it).
  Result<std::vector<std::string>> CommandLine();

 protected:
  // What follows the cluster flags. Usage when the arguments are wrong.
  virtual Result<std::vector<std::string>> Verb() = 0;

  const Deps& deps_;
};

// `describe KIND NAME`.
class Describe : public Kubectl {
 public:
  Describe(const Deps& deps, std::vector<std::string> args) : Kubectl(deps), args_(std::move(args)) {}

 protected:
  Result<std::vector<std::string>> Verb() override;

 private:
  std::vector<std::string> args_;
};

// `k ARGS…`: anything.
class K : public Kubectl {
 public:
  K(const Deps& deps, std::vector<std::string> args) : Kubectl(deps), args_(std::move(args)) {}

 protected:
  Result<std::vector<std::string>> Verb() override;

 private:
  std::vector<std::string> args_;
};

// `ssh POD|WORKLOAD`: a shell in the pod, or in a ready pod of the workload.
class Ssh : public Kubectl {
 public:
  Ssh(const Deps& deps, std::string target, std::string shell)
      : Kubectl(deps), target_(std::move(target)), shell_(std::move(shell)) {}

 protected:
  Result<std::vector<std::string>> Verb() override;

 private:
  // A workload's name becomes one of its ready pods; a pod's name stays.
  Result<std::string> PodOf(const std::string& target);

  std::string target_, shell_;
};

}  // namespace qareports::commands
