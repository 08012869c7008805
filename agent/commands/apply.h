// `apply` (alias `deploy`): the environment's manifests as git has them, put
// in the cluster by the deploy engine (deploy/engine.h): validated, gated,
// under the lock, migrated when SQUAD's image changes, applied and pruned,
// rolled out, verified, recorded; the last good release restored on any
// failure. Writes the cluster.
#pragma once

#include <optional>
#include <string>

#include "commands/command.h"
#include "deploy/engine.h"

namespace qareports::commands {

class Apply : public deploy::Action {
 public:
  struct Options {
    std::optional<std::string> version;  // the SQUAD version (default: the pin); `upgrade` sets it
    bool skip_gate = false;  // deploy without running the gate, loudly
  };
  Apply(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}

  // As deploy::Engine::Run.
  Result<Outcome> Run(report::Report& report);

  qareports::Status Validate() override;
  std::vector<const config::Check*> GateChecks() const override;
  Result<std::string> Gate(report::Report& report) override;
  Result<deploy::Target> Choose(const std::vector<release::Release>& releases, report::Report& report) override;

 protected:
  const Deps& deps_;
  Options options_;
  deploy::Target rendered_;  // the manifests at the version, rendered by Validate
};

// Runs `action` through the deploy engine; on success, says what it
// deployed (on stdout unless -o json) and returns it.
Result<Outcome> RunDeploy(const Deps& deps, deploy::Action& action, report::Report& report);

}  // namespace qareports::commands
