// The `job` check: a Job manifest (rendered with the environment's values)
// run in the cluster to its end, passing when it completes; its log goes
// into the report. The SMTP relay probe (k8s/probes/smtp-probe.yml) checks
// the relay from inside the cluster this way. Writes the cluster.
#pragma once

#include <map>

#include "checks/check.h"
#include "jobs/job_run.h"

namespace qareports::checks {

// Each `job` check's Job, by check name. InvalidInput (file and field) when
// a manifest does not render or holds anything but one Job.
Result<std::map<std::string, nlohmann::json>> RenderJobs(const config::Config& config, const config::Environment& env,
                                                         const sys::FileSystem& fs, const sys::Environment& vars);

CheckResult JobCheck(const config::Check& check, const nlohmann::json& job, kube::Client& client, const std::string& ns,
                     const sys::Clock& clock, jobs::JobOptions options);

}  // namespace qareports::checks
