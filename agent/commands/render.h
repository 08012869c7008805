// `render`: the environment's manifests as they would be applied, Secret
// values masked unless asked for; and `secrets`: which CI variable each
// secret value comes from and whether it is set, never the value. Read files
// and the environment; print on stdout.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Render {
 public:
  struct Options {
    bool show_secrets = false;
  };
  Render(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  // InvalidInput for any problem in the manifests (and, with show_secrets,
  // for unset secret variables).
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
  Options options_;
};

class Secrets {
 public:
  explicit Secrets(const Deps& deps) : deps_(deps) {}
  // InvalidInput when the manifests do not render.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};

}  // namespace qareports::commands
