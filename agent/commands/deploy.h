// `apply` (alias `deploy`), `upgrade [VERSION]` (alias `upgrade_squad`) and
// `rollback [RELEASE]`: change an environment and never leave it
// half-changed. Validate everything, take the deploy lock, check the image,
// record a pending release, migrate, server-side apply and prune, watch
// every rollout, and on any failure (or a stop request) return to the last
// good release and verify it. Writes the cluster.
#pragma once

#include <optional>

#include "commands/command.h"
#include "deploy/migration.h"
#include "kube/session.h"
#include "release/store.h"
#include "rollout/tracker.h"

namespace qareports::commands {

class Deploy {
 public:
  enum class Mode { kApply, kUpgrade, kRollback };
  struct Options {
    Mode mode = Mode::kApply;
    std::string version;  // upgrade: the SQUAD version (default: the pin)
    int release = 0;      // rollback: the release to restore (default: the one before the current)
    bool skip_gate = false;  // apply/upgrade: deploy without running the gate, loudly
  };
  Deploy(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  // InvalidInput before any change; Unavailable when the cluster or the
  // registry cannot be reached before any change; LockHeld when another job
  // deploys; Failed when the job failed and the environment is back on the
  // last good release (or untouched); Unsafe when that could not be made so.
  Result<Outcome> Run(report::Report& report);

 private:
  struct Target {  // what this run puts in the cluster
    nlohmann::json objects = nlohmann::json::array();
    std::string version;
    std::optional<nlohmann::json> migration_job;
    std::vector<std::string> workloads;
    std::vector<std::string> kept_migrations;  // rollback: applied by the newer releases, staying applied
    std::map<std::string, nlohmann::json> check_jobs;  // the `job` checks' Jobs, rendered
  };

  Result<Target> Prepare() const;
  Result<Outcome> Locked(kube::Session& session, Target target, report::Report& report);
  Result<Target> RollbackTarget(const std::vector<release::Release>& releases) const;
  // Back to `good` after `cause`: apply it, prune what else is there, verify.
  Error Restore(kube::Session& session, release::Store& store, int failed, const std::optional<release::Release>& good,
                const std::string& cause, const std::vector<std::string>& migrations, report::Report& report);
  Result<rollout::TrackResult> Roll(kube::Session& session, const std::vector<std::string>& workloads,
                                    double timeout, bool stoppable, const std::string& suite, report::Report& report);
  std::string Timestamp() const;

  const Deps& deps_;
  Options options_;
  rollout::ViewOptions view_;
  double rollout_timeout_ = 600;
  std::string gate_;  // what the release record says of the gate: "open", "skipped (--skip-gate)", ""
};

}  // namespace qareports::commands
