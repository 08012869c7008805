// `unlock`: for a human, clears the environment's deploy lock whoever holds
// it (a pipeline that died without releasing it), saying who held it.
// Writes the Lease.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Unlock {
 public:
  explicit Unlock(const Deps& deps) : deps_(deps) {}
  // Unavailable when the cluster cannot be reached or refuses the write.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};

}  // namespace qareports::commands
