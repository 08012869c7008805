// Waits for Deployments to roll out by watching (never sleep-polling) their
// namespace's Deployments, ReplicaSets and Pods in one stream each, all at
// once: done as soon as the last is available, failed as soon as one cannot
// succeed, re-listing when a watch ends or expires. Reads the cluster.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kube/client.h"
#include "rollout/view.h"
#include "sys/clock.h"

namespace qareports::rollout {

struct TrackOptions {
  std::string namespace_;
  std::vector<std::string> workloads;  // Deployment names
  double timeout_seconds = 600;
  ViewOptions view;
  bool stoppable = true;  // a stop request ends the wait (not while verifying a rollback after one)
};

struct TrackResult {
  enum class Outcome { kDone, kFailed, kTimedOut, kStopped } outcome = Outcome::kDone;
  std::optional<Failure> failure;   // kFailed
  std::vector<std::string> lines;   // each workload's last progress line
  double seconds = 0;
};

// on_line gets one line per workload state change. Unavailable when the
// cluster cannot be read.
Result<TrackResult> Track(kube::Client& client, const sys::Clock& clock, const TrackOptions& options,
                          const std::function<void(const std::string&)>& on_line);

}  // namespace qareports::rollout
