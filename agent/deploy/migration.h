// The database migration before SQUAD's image changes: the rendered Job
// under a unique name, waited for by watching it (Complete, Failed, the
// deadline or a stop request), its log read for the migrations it applied,
// its log and events kept when it failed, and the Job deleted either way.
// Writes the cluster.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "kube/session.h"
#include "sys/clock.h"

namespace qareports::deploy {

struct MigrationResult {
  enum class Outcome { kComplete, kFailed, kTimedOut, kStopped } outcome = Outcome::kComplete;
  std::string job;                      // its unique name
  std::vector<std::string> applied;     // "squad.0123_add_field"
  std::string reason;                   // BackoffLimitExceeded, ...
  std::string log;                      // the tail of the migration's log
  std::string events;                   // the Job's and its pod's events
  double seconds = 0;
  bool ok() const { return outcome == Outcome::kComplete; }
};

// The migrations a `manage.py migrate` log says it applied, in order.
std::vector<std::string> AppliedMigrations(const std::string& log);

struct MigrationOptions {
  double timeout_seconds = 3600;
  // A pod the scheduler cannot place fails the Job after this grace, or at
  // once when no node can ever take it (as for rollouts, rollout/view.h).
  double unschedulable_grace = 120;
  bool schedulable_namespace = true;
};

// `job` is the rendered Job; `suffix` makes its name unique.
Result<MigrationResult> RunMigration(kube::Session& session, nlohmann::json job, const std::string& suffix,
                                     const sys::Clock& clock, const MigrationOptions& options);

}  // namespace qareports::deploy
