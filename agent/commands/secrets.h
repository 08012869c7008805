// `secrets`: which CI variable each secret value comes from and whether it
// is set, never the value. Reads files and the environment; prints on stdout.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Secrets {
 public:
  explicit Secrets(const Deps& deps) : deps_(deps) {}
  // InvalidInput when the manifests do not render.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};

}  // namespace qareports::commands
