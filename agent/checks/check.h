// Health checks (DESIGN.md, "Health checks and gates"): each configured
// check run against what it names, passed or failed with a one-line reason
// an operator can act on, and its time. The checks of a set run at once, so
// a set takes as long as its slowest check. Talks to HTTP servers and the
// cluster.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "jobs/job_run.h"
#include "kube/session.h"
#include "sys/sys.h"

namespace qareports::checks {

struct Context {
  sys::Sys& sys;
  kube::Session* session = nullptr;  // for `workloads`; null when no cluster is open
  std::string environment;           // its name (the label of what qareports manages)
  std::string squad_image;           // "registry/squadproject/squad"
  std::string expected_version;      // the SQUAD version the environment should run
  std::map<std::string, nlohmann::json> jobs;  // `job` checks: their rendered Job, by check name
  jobs::JobOptions job_options;               // how long their pods may wait for a node
  std::string unreachable;  // why `session` is null although a check needs it; empty: no cluster was asked
};

struct CheckResult {
  std::string name;
  std::string kind;
  bool passed = false;
  std::string message;   // why it failed (or what passed), one line, secrets never included
  double seconds = 0;
  std::string output;    // what the check saw at length (a Job's log), for the report
};

// Whether `check` talks to the cluster (and so needs Context::session).
bool NeedsCluster(const config::Check& check);

// `check`'s result, not passed, to be filled in.
CheckResult ResultFor(const config::Check& check, std::string message = "");

// InvalidInput (the config file, the environment's checks) naming at once
// every CI variable a check's token comes from that is unset or empty.
Status RequireTokens(const std::vector<const config::Check*>& checks, const sys::Environment& vars,
                     const std::string& config_path, const std::string& environment);

// Runs every check at once and answers in the order given.
std::vector<CheckResult> RunAll(const std::vector<config::Check>& checks, Context& context);

// A check's key, or `fallback` when the config leaves it out.
std::string Param(const config::Check& check, const std::string& key, const std::string& fallback = "");
// A duration key in seconds ("10s", "2m"), or `fallback`.
double Seconds(const config::Check& check, const std::string& key, double fallback);

}  // namespace qareports::checks
