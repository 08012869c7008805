// GitHub's error annotations (`::error title=…::…` workflow commands) for a
// job that failed: the run's page then shows why. One for the job's error,
// at the file and line it names ("file:line:column: message" lines of an
// invalid input, the file made relative to the workspace so that GitHub
// marks the line in the change), then one for each failed case of the
// report (a check, a rollout, a migration, a gate's condition...). At most
// GitHub's 10 a step: the last counts, and names, those not shown. Pure.
#pragma once

#include <string>

#include "report/report.h"

namespace qareports::report {

// What the annotations are made from. `error` is the job's error as it was
// said ("" when the job failed without one: a check, a closed gate); a case
// whose message the error already says is not annotated again. `workspace` is
// $GITHUB_WORKSPACE ("" when unset).
struct Failure {
  std::string title;       // "qareports staging upgrade"
  std::string error;       // one or more lines, each maybe starting with a place
  bool error_placed = false;  // invalid input: its lines name their places
  std::string workspace;
};

inline constexpr int kGithubErrorsPerStep = 10;

std::string GithubErrorAnnotations(const Failure& failure, const Report& report);

}  // namespace qareports::report
