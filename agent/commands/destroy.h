// `destroy`: the environment taken down, under its deploy lock. Refused
// without --yes (production also needs --yes-destroy-production). Deletes
// the environment's Kubernetes objects (those carrying its label; its
// namespace, lock and release records stay as its history), then runs
// `terraform destroy` of its own layer: the last of its layers; the layers
// before it (shared) serve other environments and stay, as does the EKS
// cluster. The report lists everything destroyed. Writes the cluster and
// AWS.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Destroy {
 public:
  struct Options {
    bool yes = false;
    bool yes_destroy_production = false;
  };
  Destroy(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
