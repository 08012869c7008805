// `render`: the environment's manifests as they would be applied, Secret
// values masked unless asked for. Reads files and the environment; prints on
// stdout.
#pragma once

#include "commands/command.h"
#include "manifest/renderer.h"

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

// The "render" suite's case for a rendering: failed with the problem when it failed.
report::TestCase RenderCase(const std::string& name, const Result<manifest::Rendered>& rendered, double seconds);

}  // namespace qareports::commands
