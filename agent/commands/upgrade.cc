#include "commands/upgrade.h"

#include "deploy/objects.h"

namespace qareports::commands {

Result<deploy::Target> Upgrade::Choose(const std::vector<release::Release>& releases, report::Report&) {
  std::optional<release::Release> good = release::LastGoodOf(releases);
  deploy::Target target = std::move(rendered_);
  if (good) target.objects = deploy::WithSquadVersion(good->manifests, deps_.config.squad_image, target.version);
  return target;
}

}  // namespace qareports::commands
