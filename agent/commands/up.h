// `up`: the environment's whole world, idempotently. Terraform's layers in
// order (each planned, and applied from its saved plan when it has
// changes), the EKS cluster when it does not exist (eksctl, its
// ClusterConfig rendered with Terraform's outputs), the cluster services
// (k8s/cluster-services: the SMTP relay), then the first deploy through the
// deploy engine with the manifest values the config takes from Terraform's
// outputs. A second `up` changes nothing and says so. Everything is
// validated before the first change. For `dev` (no Terraform), a secret
// value whose CI variable is unset is generated once and kept in the
// cluster (Secret qareports-dev-generated): dev data is disposable, and
// the newcomer's first `dev up` needs no variables. Writes AWS (through
// Terraform and eksctl) and the cluster.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Up {
 public:
  struct Options {
    bool skip_gate = false;
  };
  Up(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  Result<Outcome> Run(report::Report& report);

 private:
  Result<Outcome> Make(report::Report& report);
  // "created" or "exists"; nothing when the environment names no cluster.
  Result<std::string> EnsureCluster(const std::map<std::string, std::string>& outputs, report::Report& report);
  Result<size_t> ApplyClusterServices(report::Report& report);
  // dev's generated secret values, by CI variable: those kept in the
  // cluster, and new ones for variables neither set nor kept (then kept).
  Result<std::map<std::string, std::string>> GeneratedSecrets();

  const Deps& deps_;
  Options options_;
  bool changed_ = false;  // something was changed (Terraform applied, the cluster made, a deploy)
};

}  // namespace qareports::commands
