// `upgrade [VERSION]` (alias `upgrade_squad`): as `apply`, but only SQUAD
// moves: the last good release's objects with SQUAD's images at the pinned
// (or given) version (the rendered manifests when there is no good release
// yet). Writes the cluster.
#pragma once

#include "commands/apply.h"

namespace qareports::commands {

class Upgrade : public Apply {
 public:
  using Apply::Apply;
  Result<deploy::Target> Choose(const std::vector<release::Release>& releases, report::Report& report) override;
};

}  // namespace qareports::commands
