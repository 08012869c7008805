#include "rollout/view.h"

namespace qareports::rollout {
namespace {

std::string ControllerOf(const nlohmann::json& object) {
  const nlohmann::json& meta = object["metadata"];  // there is one: Update keeps no object without
  if (!meta.contains("ownerReferences") || !meta["ownerReferences"].is_array()) return "";
  for (const auto& ref : meta["ownerReferences"]) {
    if (ref.is_object() && ref.value("controller", false) && ref.contains("name") && ref["name"].is_string()) {
      return ref["name"];
    }
  }
  return "";
}

}  // namespace

void View::Update(const std::string& kind, const nlohmann::json& object, bool deleted, double now) {
  auto& map = kind == "Deployment" ? deployments_ : kind == "ReplicaSet" ? replicasets_ : pods_;
  // What no API server sends (an object without a name) is not kept.
  if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object() ||
      !object["metadata"].contains("name") || !object["metadata"]["name"].is_string()) {
    return;
  }
  std::string name = object["metadata"]["name"];
  if (deleted) {
    map.erase(name);
    if (kind == "Pod") unschedulable_since_.erase(name);
    return;
  }
  map[name] = object;
  if (kind == "Pod") {
    if (JudgePod(object).unschedulable) unschedulable_since_.emplace(name, now);
    else unschedulable_since_.erase(name);
  }
}

void View::Clear(const std::string& kind) {
  (kind == "Deployment" ? deployments_ : kind == "ReplicaSet" ? replicasets_ : pods_).clear();
}

std::string View::CurrentReplicaSet(const std::string& workload) const {
  // The ReplicaSet of the Deployment's current template, as the controller
  // matches them: equal templates but for the pod-template-hash label.
  auto d = deployments_.find(workload);
  if (d == deployments_.end() || !d->second.contains("spec") || !d->second["spec"].contains("template")) return "";
  const nlohmann::json& want = d->second["spec"]["template"];
  std::string current;
  for (const auto& [name, rs] : replicasets_) {
    if (ControllerOf(rs) != workload || !rs.contains("spec") || !rs["spec"].contains("template")) continue;
    nlohmann::json t = rs["spec"]["template"];
    if (t.contains("metadata") && t["metadata"].contains("labels")) {
      t["metadata"]["labels"].erase("pod-template-hash");
      if (t["metadata"]["labels"].empty() && !(want.contains("metadata") && want["metadata"].contains("labels"))) {
        t["metadata"].erase("labels");
      }
    }
    if (t == want) current = name;
  }
  return current;
}

std::vector<const nlohmann::json*> View::NewPods(const std::string& workload) const {
  std::vector<const nlohmann::json*> pods;
  std::string current = CurrentReplicaSet(workload);
  if (current.empty()) return pods;
  for (const auto& [name, pod] : pods_) {
    if (ControllerOf(pod) == current) pods.push_back(&pod);
  }
  return pods;
}

bool View::StaleDeadline(const std::string& workload, const std::string& message) const {
  // The controller keeps a timed-out Progressing condition until the next
  // rollout makes progress: one naming a ReplicaSet of another template is
  // about the rollout before (a restore from a timed-out one), not this one.
  const std::string marker = "ReplicaSet \"";
  size_t at = message.find(marker);
  if (at == std::string::npos) return false;
  size_t from = at + marker.size(), to = message.find('"', from);
  if (to == std::string::npos) return false;
  std::string named = message.substr(from, to - from);
  return replicasets_.count(named) > 0 && named != CurrentReplicaSet(workload);
}

bool View::Done() const {
  for (const std::string& w : workloads_) {
    auto d = deployments_.find(w);
    if (d == deployments_.end() || !Evaluate(d->second).done) return false;
  }
  return true;
}

std::optional<Failure> View::FirstFailure(double now) const {
  for (const std::string& w : workloads_) {
    auto d = deployments_.find(w);
    if (d == deployments_.end()) continue;
    DeploymentState state = Evaluate(d->second);
    if (state.done) continue;
    if (state.failed && !StaleDeadline(w, state.message)) {
      return Failure{w, "", "", "ProgressDeadlineExceeded", state.message, ""};
    }
    for (const nlohmann::json* pod : NewPods(w)) {
      PodVerdict v = JudgePod(*pod);
      std::string name = (*pod)["metadata"].value("name", "");
      if (v.fatal) return Failure{w, name, v.container, v.reason, v.message, ""};
      if (!v.unschedulable) continue;
      auto since = unschedulable_since_.find(name);
      bool waited = since != unschedulable_since_.end() && now - since->second >= options_.unschedulable_grace;
      if (!options_.schedulable_namespace) {
        return Failure{w, name, "", v.reason,
                       v.message + " (namespace " + (*pod)["metadata"].value("namespace", "") +
                           " is outside every Fargate profile of the cluster: no node will ever take it)", ""};
      }
      if (waited) {
        return Failure{w, name, "", v.reason,
                       v.message + " (still unschedulable after " +
                           std::to_string(static_cast<long>(options_.unschedulable_grace)) + " s)", ""};
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> View::Lines() const {
  std::vector<std::string> lines;
  for (const std::string& w : workloads_) {
    auto d = deployments_.find(w);
    if (d == deployments_.end()) {
      lines.push_back(w + ": not found yet");
      continue;
    }
    DeploymentState state = Evaluate(d->second);
    lines.push_back(w + ": " + std::to_string(state.updated) + "/" + std::to_string(state.want) + " updated, " +
                    std::to_string(state.ready) + " ready, " + std::to_string(state.available) + " available" +
                    (state.done ? " — rolled out" : ""));
  }
  return lines;
}

}  // namespace qareports::rollout
