#include "commands/rollback.h"

#include <spdlog/spdlog.h>

#include "commands/apply.h"
#include "manifest/renderer.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {

Result<Outcome> Rollback::Run(report::Report& report) { return RunDeploy(deps_, *this, report); }

qareports::Status Rollback::Validate() {
  // The record holds the objects; the environment's values must still be sound.
  Result<std::map<std::string, std::string>> values = manifest::Values(deps_.config, deps_.env, deps_.sys.fs);
  if (!values.ok()) return values.error();
  return Ok();
}

Result<const release::Release*> Rollback::Chosen(const std::vector<release::Release>& releases) const {
  if (options_.release > 0) {
    for (const release::Release& r : releases) {
      if (r.number == options_.release) return &r;
    }
    return Error::Failed("release " + std::to_string(options_.release) + " of " + deps_.env.name +
                         " is not recorded (see `status`)");
  }
  bool past_current = false;  // the newest deployed release is the current one
  for (const release::Release& r : releases) {
    if (r.state != release::State::kDeployed && r.state != release::State::kSuperseded) continue;
    if (past_current) return &r;
    past_current = r.state == release::State::kDeployed;
  }
  return Error::Failed("no earlier good release of " + deps_.env.name + " to roll back to");
}

Result<deploy::Target> Rollback::Choose(const std::vector<release::Release>& releases, report::Report& report) {
  Result<const release::Release*> chosen = Chosen(releases);
  if (!chosen.ok()) return chosen.error();
  const release::Release& r = **chosen;
  if (!r.manifests.is_array() || r.manifests.empty()) {
    return Error::Failed("release " + std::to_string(r.number) + " holds no manifests");
  }
  deploy::Target target;
  target.objects = r.manifests;
  target.version = r.version;
  target.image_ran_before = true;
  for (const release::Release& newer : releases) {
    if (newer.number <= r.number) continue;
    target.kept_migrations.insert(target.kept_migrations.end(), newer.migrations.begin(), newer.migrations.end());
  }
  if (target.kept_migrations.empty()) return target;
  std::string note = fmt::format(
      "the database keeps {} migration(s) applied after SQUAD {} ({}): rolling back code does not roll back the "
      "database; SQUAD {} must tolerate them",
      target.kept_migrations.size(), target.version, util::Join(target.kept_migrations, ", "), target.version);
  spdlog::warn("{}: {}", deps_.env.name, note);
  report::TestCase c = report::Case("rollback", deps_.env.name, "database migrations kept");
  c.output = note + "\n";
  report.Suite("rollback", util::Iso8601(deps_.sys.clock.Now())).cases.push_back(c);
  return target;
}

}  // namespace qareports::commands
