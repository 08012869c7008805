// `rollback [RELEASE]`: the release before the current one (or the numbered
// one) restored from its record by the deploy engine (deploy/engine.h) and
// verified, as a new release; says which database migrations stay applied.
// Writes the cluster.
#pragma once

#include "commands/command.h"
#include "deploy/engine.h"

namespace qareports::commands {

class Rollback : public deploy::Action {
 public:
  struct Options {
    int release = 0;  // the release to restore (default: the one before the current)
  };
  Rollback(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  // As deploy::Engine::Run; Failed when there is no such release.
  Result<Outcome> Run(report::Report& report);

  qareports::Status Validate() override;
  Result<std::string> Gate(report::Report&) override { return std::string(); }
  Result<deploy::Target> Choose(const std::vector<release::Release>& releases, report::Report& report) override;

 private:
  Result<const release::Release*> Chosen(const std::vector<release::Release>& releases) const;

  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
