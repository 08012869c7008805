// `gate [VERSION]`: may this environment be deployed now? The gate decided
// (gate/decide.h) and its verdict printed, condition by condition and check
// by check; exit 0 open, 1 closed. `apply` and `upgrade` decide it first.
// Reads the clusters, git and the checked services.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Gate {
 public:
  struct Options {
    std::string version;  // the SQUAD version being promoted (default: the pin)
    std::string commit;   // the tagged commit (default: the CI's commit, else HEAD)
  };
  Gate(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}
  // Failed naming every reason when the gate is closed.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
