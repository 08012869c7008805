// `list`: every object in the environment's namespace, by kind (every
// namespaced kind the server lists but events). Reads the cluster.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class List {
 public:
  explicit List(const Deps& deps) : deps_(deps) {}
  // Unavailable when the cluster cannot be read.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};

}  // namespace qareports::commands
