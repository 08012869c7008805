// Who is deploying: the CI job's URL (GitLab, GitHub), else host and pid;
// and the git commit being deployed. The deploy lock's holder and the
// release record name them. Reads the environment (and git for the commit).
#pragma once

#include <string>

#include "sys/environment.h"

namespace qareports::deploy {

std::string JobIdentity(const sys::Environment& env);

// The CI's commit, else HEAD of the repository at `root`, else "".
std::string DeployedCommit(const sys::Environment& env, const std::string& root);

}  // namespace qareports::deploy
