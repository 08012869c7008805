// Whether a rollout is done, still going, or cannot succeed — read from the
// objects alone (after kubedog's status.go): a Deployment as `kubectl rollout
// status` reads it, and the pods' reasons that mean "fail now" rather than
// "wait for the deadline". Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace qareports::rollout {

struct DeploymentState {
  bool done = false;
  bool failed = false;    // ProgressDeadlineExceeded
  std::string message;    // "2 of 3 updated replicas are available", or why it failed
  // The counts it is judged by: spec.replicas (1 when absent) and the status's.
  long want = 1, updated = 0, ready = 0, available = 0;
};

// As kubectl rollout status: wait while the controller has not observed the
// latest generation, or updated < desired, or old replicas remain, or
// available < updated; fail on ProgressDeadlineExceeded.
DeploymentState Evaluate(const nlohmann::json& deployment);

struct PodVerdict {
  bool fatal = false;     // this pod cannot become ready without a change
  bool unschedulable = false;  // Pending on FailedScheduling: fatal only after a grace
  std::string reason;     // CrashLoopBackOff, ErrImagePull, ...
  std::string message;
  std::string container;
};

// CrashLoopBackOff, ErrImagePull, ImagePullBackOff, CreateContainerConfigError
// (and InvalidImageName, CreateContainerError) are fatal at once; a pod the
// scheduler cannot place is reported as unschedulable.
PodVerdict JudgePod(const nlohmann::json& pod);

}  // namespace qareports::rollout
