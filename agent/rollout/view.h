// What the rollout of a set of Deployments looks like now, from the latest
// Deployments, ReplicaSets and Pods of their namespace as watches deliver
// them: each workload's progress line, whether all are done, and the first
// reason one cannot succeed (a failed pod of the new template, a progress
// deadline, pods nobody can schedule). Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rollout/status.h"

namespace qareports::rollout {

struct Failure {
  std::string workload;
  std::string pod;        // empty when the Deployment itself failed
  std::string container;
  std::string reason;     // CrashLoopBackOff, ProgressDeadlineExceeded, FailedScheduling, ...
  std::string message;
  std::string evidence;   // the pod's (or Deployment's) recent events and log tail, when read
};

struct ViewOptions {
  // Pods the scheduler cannot place fail at once when no node can ever take
  // them (their namespace is outside every Fargate profile), else after this.
  double unschedulable_grace = 120;
  bool schedulable_namespace = true;
};

class View {
 public:
  View(std::vector<std::string> workloads, ViewOptions options)
      : workloads_(std::move(workloads)), options_(options) {}

  // kind: "Deployment", "ReplicaSet" or "Pod"; deleted objects are dropped.
  void Update(const std::string& kind, const nlohmann::json& object, bool deleted, double now);
  void Clear(const std::string& kind);

  bool Done() const;
  std::optional<Failure> FirstFailure(double now) const;
  // "web: 2/2 updated, 1 ready, 1 available" for every workload, in order.
  std::vector<std::string> Lines() const;
  const std::vector<std::string>& workloads() const { return workloads_; }

 private:
  // The pods of the ReplicaSet of a workload's current template (the one being rolled out).
  std::string CurrentReplicaSet(const std::string& workload) const;
  std::vector<const nlohmann::json*> NewPods(const std::string& workload) const;
  // Whether a progress-deadline `message` names a ReplicaSet of another template than the current one.
  bool StaleDeadline(const std::string& workload, const std::string& message) const;

  std::vector<std::string> workloads_;
  ViewOptions options_;
  std::map<std::string, nlohmann::json> deployments_, replicasets_, pods_;
  std::map<std::string, double> unschedulable_since_;  // pod name -> when first seen unschedulable
};

}  // namespace qareports::rollout
