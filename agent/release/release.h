// A release: what one deploy of an environment put in the cluster (the
// rendered manifests), with its SQUAD version, git commit, time, status and
// the CI job that made it. Rollback restores a release's manifests. Plain data.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace qareports::release {

enum class State { kPending, kDeployed, kFailed, kSuperseded };
std::string StateName(State state);
State StateFromName(const std::string& name);  // unknown names read as kFailed

struct Release {
  int number = 0;
  std::string environment;
  State state = State::kPending;
  std::string version;   // SQUAD version
  std::string commit;    // git commit of the deployment repository
  std::string time;      // RFC 3339, when it was recorded
  std::string deployed;  // RFC 3339, when it was verified and marked deployed; empty before
  std::string gate;      // "open", "skipped (--skip-gate)", or empty when the environment has no gate
  std::string job;       // the CI job URL, or host and pid
  std::vector<std::string> migrations;  // applied by this release's migration Job
  nlohmann::json manifests = nlohmann::json::array();  // the rendered objects, secrets included
};

}  // namespace qareports::release
