#include "deploy/migration.h"

#include <regex>

#include "util/linear_regex.h"

namespace qareports::deploy {

std::vector<std::string> AppliedMigrations(const std::string& log) {
  static const std::regex applying(R"(Applying ([A-Za-z0-9_]+\.[A-Za-z0-9_]+)\.\.\.\s*OK)", util::kLinearRegex);
  std::vector<std::string> applied;
  for (std::sregex_iterator it(log.begin(), log.end(), applying), end; it != end; ++it) applied.push_back((*it)[1]);
  return applied;
}

Result<MigrationResult> RunMigration(kube::Session& session, nlohmann::json job, const std::string& suffix,
                                     const sys::Clock& clock, const MigrationOptions& options) {
  jobs::JobOptions with_log = options;
  with_log.full_log = true;
  Result<jobs::JobRun> run = jobs::RunJob(*session.client, session.namespace_, std::move(job), suffix, clock, with_log);
  if (!run.ok()) return run.error();
  MigrationResult result;
  static_cast<jobs::JobRun&>(result) = std::move(run.value());
  result.applied = AppliedMigrations(result.full_log);
  result.full_log.clear();
  return result;
}

}  // namespace qareports::deploy
