#include "report/ci_system.h"

namespace qareports::report {

CiSystem DetectCiSystem(const sys::Environment& env) {
  if (env.Get("GITLAB_CI").value_or("") == "true") return CiSystem::kGitLab;
  if (env.Get("GITHUB_ACTIONS").value_or("") == "true") return CiSystem::kGitHub;
  return CiSystem::kPlain;
}

}  // namespace qareports::report
