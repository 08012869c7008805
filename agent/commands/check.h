// `check`: the environment's health checks, now, each a JUnit test case;
// exit 1 when one fails. Reads the cluster and the checked services.
#pragma once

#include "checks/check.h"
#include "commands/command.h"

namespace qareports::commands {

class Check {
 public:
  explicit Check(const Deps& deps) : deps_(deps) {}
  // Failed naming every failed check; Unavailable when the cluster a
  // `workloads` check needs cannot be reached.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};


}  // namespace qareports::commands
