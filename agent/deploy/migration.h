// The database migration before SQUAD's image changes: the rendered Job run
// to its end (jobs/job_run.h), its log read for the migrations it applied.
// Writes the cluster.
#pragma once

#include <string>
#include <vector>

#include "jobs/job_run.h"
#include "kube/session.h"

namespace qareports::deploy {

struct MigrationResult : jobs::JobRun {
  std::vector<std::string> applied;  // "squad.0123_add_field"
};

using MigrationOptions = jobs::JobOptions;

// The migrations a `manage.py migrate` log says it applied, in order.
std::vector<std::string> AppliedMigrations(const std::string& log);

// `job` is the rendered Job; `suffix` makes its name unique.
Result<MigrationResult> RunMigration(kube::Session& session, nlohmann::json job, const std::string& suffix,
                                     const sys::Clock& clock, const MigrationOptions& options);

}  // namespace qareports::deploy
