// One run of a Kubernetes Job to its end: created under a unique name,
// watched together with its pods (Complete, Failed, a pod that can never
// start, the deadline or a stop request), its log kept, its events kept
// when it failed, and the Job deleted either way. The migration and the
// `job` health check both run this way. Writes the cluster.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "kube/client.h"
#include "sys/clock.h"
#include "util/result.h"

namespace qareports::jobs {

struct JobRun {
  enum class Outcome { kComplete, kFailed, kTimedOut, kStopped } outcome = Outcome::kComplete;
  std::string job;       // its unique name
  std::string reason;    // BackoffLimitExceeded, CrashLoopBackOff: ..., ...
  std::string log;       // the last 50 lines of its pod's log
  std::string full_log;  // the whole log, when asked for
  std::string events;    // the Job's and its pod's events, when it failed
  double seconds = 0;
  bool ok() const { return outcome == Outcome::kComplete; }
  // "failed (BackoffLimitExceeded)", "timed out", "was stopped", "completed".
  std::string Verdict() const;
};

struct JobOptions {
  double timeout_seconds = 3600;
  // A pod the scheduler cannot place fails the Job after this grace, or at
  // once when no node can ever take it (as for rollouts, rollout/view.h).
  double unschedulable_grace = 120;
  bool schedulable_namespace = true;
  bool full_log = false;
};

// Runs `job` (rendered) as `<its name>-<suffix>` in its namespace, or in
// `ns` when it names none. An error only when the cluster could not be
// asked; the Job's own failure is in the result.
Result<JobRun> RunJob(kube::Client& client, const std::string& ns, nlohmann::json job, const std::string& suffix,
                      const sys::Clock& clock, const JobOptions& options);

}  // namespace qareports::jobs
