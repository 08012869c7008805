#include "rollout/status.h"

#include <set>

namespace qareports::rollout {
namespace {

const nlohmann::json kEmpty = nlohmann::json::object();

const nlohmann::json& Field(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) ? j[key] : kEmpty;
}

// A count is an integer: any other value is taken as absent (a floating-point
// one past long's range would be undefined behaviour to convert).
long Int(const nlohmann::json& j, const char* key, long fallback = 0) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<long>() : fallback;
}

}  // namespace

DeploymentState Evaluate(const nlohmann::json& d) {
  DeploymentState s;
  const nlohmann::json& meta = Field(d, "metadata");
  const nlohmann::json& spec = Field(d, "spec");
  const nlohmann::json& status = Field(d, "status");
  s.want = Int(spec, "replicas", 1);
  s.updated = Int(status, "updatedReplicas");
  s.ready = Int(status, "readyReplicas");
  s.available = Int(status, "availableReplicas");
  if (Int(meta, "generation") > Int(status, "observedGeneration")) {
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
  long want = s.want, updated = s.updated, available = s.available, total = Int(status, "replicas");
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
  const nlohmann::json& status = Field(pod, "status");
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    if (!status.contains(list)) continue;
    for (const auto& c : status[list]) {
      const nlohmann::json& waiting = Field(Field(c, "state"), "waiting");
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
