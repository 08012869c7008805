// May an environment be deployed now? Its gate decided: for production,
// staging (the environment it is gated on, read in its own cluster and
// namespace) proved the release (gate/conditions.h) and the gate's checks
// pass now, all at once, each environment's in its own cluster. Each
// condition and check is a JUnit case of the "gate" suite. Reads the
// clusters, git and the checked services (a `job` check writes a Job).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "config/config.h"
#include "deploy/cluster.h"
#include "report/report.h"
#include "sys/sys.h"

namespace qareports::gate {

struct Verdict {
  bool open = false;
  std::vector<std::string> reasons;  // why it is closed, one per failed condition or check
  nlohmann::json data = nlohmann::json::object();
};

// A gate check and the environment it belongs to: a name is looked up in
// the gated-on environment first (it proves the release), then in this one.
struct GateCheck {
  const config::Environment* env;
  const config::Check* check;
};
std::vector<GateCheck> GateChecks(const config::Config& config, const config::Environment& env);

struct Inputs {
  sys::Sys& sys;
  const config::Config& config;
  const config::Environment& env;  // the environment whose gate is decided
  deploy::Clusters& clusters;
};

// Decides `in.env`'s gate for `version` and the tagged commit `commit` (a
// revision; empty: the CI's commit, else HEAD) and records the "gate" suite.
// InvalidInput when a check's Job manifest or the commit is bad; an
// environment without a gate is open.
Result<Verdict> Decide(const Inputs& in, const std::string& version, const std::string& commit,
                       report::Report& report);

}  // namespace qareports::gate
