// Which CI runs the job, told by the variables each sets in every job
// (GITLAB_CI=true, GITHUB_ACTIONS=true): it decides how the log is marked up.
#pragma once

#include "sys/environment.h"

namespace qareports::report {

enum class CiSystem { kPlain, kGitLab, kGitHub };

CiSystem DetectCiSystem(const sys::Environment& env);

}  // namespace qareports::report
