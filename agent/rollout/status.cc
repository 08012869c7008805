#include "rollout/status.h"

#include <cstdint>
#include <limits>
#include <set>

#include "util/json_fields.h"

namespace qareports::rollout {
namespace {

// A count of replicas is an int32 of zero or more (as the API server keeps
// it): any other value is taken as absent, so that no difference overflows.
long Count(const nlohmann::json& j, const char* key, long fallback = 0) {
  long n = util::IntegerField(j, key, fallback);
  return n >= 0 && n <= std::numeric_limits<std::int32_t>::max() ? n : fallback;
}

}  // namespace

DeploymentState Evaluate(const nlohmann::json& d) {
  DeploymentState s;
  const nlohmann::json& meta = util::ObjectField(d, "metadata");
  const nlohmann::json& spec = util::ObjectField(d, "spec");
  const nlohmann::json& status = util::ObjectField(d, "status");
  s.want = Count(spec, "replicas", 1);
  s.updated = Count(status, "updatedReplicas");
  s.ready = Count(status, "readyReplicas");
  s.available = Count(status, "availableReplicas");
  if (util::IntegerField(meta, "generation", 0) > util::IntegerField(status, "observedGeneration", 0)) {
    s.message = "waiting for the deployment spec update to be observed";
    return s;
  }
  if (status.contains("conditions")) {
    for (const auto& c : status["conditions"]) {
      if (c.value("type", "") == "Progressing" && c.value("reason", "") == "ProgressDeadlineExceeded") {
        s.failed = true;
        s.message = "ProgressDeadlineExceeded: " + c.value("message", "the rollout exceeded its progress deadline");
        return s;
      }
    }
  }
  long want = s.want, updated = s.updated, available = s.available, total = Count(status, "replicas");
  if (updated < want) {
    s.message = std::to_string(updated) + " of " + std::to_string(want) + " new replicas have been updated";
  } else if (total > updated) {
    s.message = std::to_string(total - updated) + " old replicas are pending termination";
  } else if (available < updated) {
    s.message = std::to_string(available) + " of " + std::to_string(updated) + " updated replicas are available";
  } else {
    s.done = true;
    s.message = "successfully rolled out";
  }
  return s;
}

PodVerdict JudgePod(const nlohmann::json& pod) {
  static const std::set<std::string> fatal = {"CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff",
                                              "CreateContainerConfigError", "InvalidImageName",
                                              "CreateContainerError"};
  PodVerdict v;
  const nlohmann::json& status = util::ObjectField(pod, "status");
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    if (!status.contains(list)) continue;
    for (const auto& c : status[list]) {
      const nlohmann::json& waiting = util::ObjectField(util::ObjectField(c, "state"), "waiting");
      std::string reason = waiting.value("reason", "");
      if (fatal.count(reason)) {
        v.fatal = true;
        v.reason = reason;
        v.message = waiting.value("message", "");
        v.container = c.value("name", "");
        return v;
      }
    }
  }
  if (status.contains("conditions")) {
    for (const auto& c : status["conditions"]) {
      if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False" &&
          c.value("reason", "") == "Unschedulable") {
        v.unschedulable = true;
        v.reason = "FailedScheduling";
        v.message = c.value("message", "");
      }
    }
  }
  return v;
}

}  // namespace qareports::rollout
