#include "controllers/daemonset_controller.h"

#include <algorithm>
#include <map>

#include "controllers/controller_util.h"
#include "storage/names.h"
#include "storage/selectors.h"

namespace qareports::emulator {

namespace {

constexpr const char* kRevision = "controller-revision-hash";

bool Tolerates(const json& pod_spec, const json& taint) {
  for (const auto& t : pod_spec.value("tolerations", json::array())) {
    if (t.contains("effect") && t["effect"] != taint.value("effect", "")) continue;
    if (t.value("operator", "Equal") == "Exists") {
      if (!t.contains("key") || t["key"] == taint.value("key", "")) return true;
    } else if (t.value("key", "") == taint.value("key", "") && t.value("value", "") == taint.value("value", "")) {
      return true;
    }
  }
  return false;
}

bool RunsOn(const json& pod_spec, const json& node) {
  if (!MatchesMap(pod_spec.value("nodeSelector", json::object()), node["metadata"].value("labels", json::object())))
    return false;
  for (const auto& taint : node.value("spec", json::object()).value("taints", json::array()))
    if (taint.value("effect", "") != "PreferNoSchedule" && !Tolerates(pod_spec, taint)) return false;
  return true;
}

}  // namespace

void DaemonSetController::Tick() {
  SyncEach(store_, "daemonsets.apps", [&](const json& o) { Sync(o); });
}

void DaemonSetController::Sync(const json& set) {
  const json& m = set["metadata"];
  const json& spec = set["spec"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  std::string now = FormatTime(clock_.Now());
  const json& pod_spec = spec["template"].value("spec", json::object());
  std::string revision = TemplateHash(spec["template"]);
  std::vector<std::string> nodes;
  for (const json* n : store_.List("nodes", ""))
    if (RunsOn(pod_spec, *n)) nodes.push_back((*n)["metadata"].value("name", ""));

  std::map<std::string, std::vector<json>> by_node;
  for (auto& p : Owned(store_, "pods", ns, m.value("uid", ""), true))
    by_node[p["spec"].value("nodeName", "")].push_back(p);
  auto remove = [&](json p) {
    if (p["metadata"].contains("deletionTimestamp")) return;
    p["metadata"]["deletionTimestamp"] = now;
    p["metadata"]["deletionGracePeriodSeconds"] = 30;
    store_.Put("pods", p);
    events_.Record(set, "Normal", "SuccessfulDelete", "Deleted pod: " + p["metadata"].value("name", ""),
                   "daemonset-controller");
  };
  auto updated_pod = [&](const json& p) {
    return p["metadata"].value("labels", json::object()).value(kRevision, "") == revision;
  };
  // Pods on nodes the set no longer runs on go.
  for (auto& [node, pods] : by_node)
    if (std::find(nodes.begin(), nodes.end(), node) == nodes.end())
      for (auto& p : pods) remove(p);
  int desired = static_cast<int>(nodes.size());
  int max_unavailable = IntOrPercent(
      spec.value("updateStrategy", json::object()).value("rollingUpdate", json::object()).value("maxUnavailable", json(1)),
      desired, true);
  bool rolling = spec.value("updateStrategy", json::object()).value("type", "RollingUpdate") == "RollingUpdate";
  int unavailable = 0;
  for (const auto& node : nodes) {
    bool ok = false;
    for (const auto& p : by_node[node])
      ok = ok || (!p["metadata"].contains("deletionTimestamp") &&
                  PodAvailable(p, spec.value("minReadySeconds", 0), clock_.Now()));
    unavailable += !ok;
  }
  int current = 0, ready = 0, available = 0, updated = 0;
  for (const auto& node : nodes) {
    std::vector<json> live;
    for (const auto& p : by_node[node])
      if (!p["metadata"].contains("deletionTimestamp")) live.push_back(p);
    if (live.empty()) {
      json pod = PodFromTemplate(set, spec["template"], name + "-" + RandomSuffix(5));
      pod["metadata"]["generateName"] = name + "-";
      pod["metadata"]["labels"][kRevision] = revision;
      pod["metadata"]["labels"]["pod-template-generation"] = std::to_string(m.value("generation", 1));
      pod["spec"]["nodeName"] = node;
      json created = CreateObject(store_, "pods", pod, now);
      events_.Record(set, "Normal", "SuccessfulCreate", "Created pod: " + created["metadata"].value("name", ""),
                     "daemonset-controller");
      ++current;
      ++updated;
      continue;
    }
    ++current;
    const json& p = live.front();
    ready += PodReady(p);
    available += PodAvailable(p, spec.value("minReadySeconds", 0), clock_.Now());
    if (updated_pod(p)) {
      ++updated;
    } else if (rolling && unavailable < max_unavailable) {
      remove(p);
      ++unavailable;
    }
  }
  json status = {{"observedGeneration", m.value("generation", 1)}, {"desiredNumberScheduled", desired},
                 {"currentNumberScheduled", current}, {"numberMisscheduled", 0}, {"numberReady", ready}};
  SetCount(status, "numberAvailable", available);
  SetCount(status, "updatedNumberScheduled", updated);
  SetCount(status, "numberUnavailable", desired - available);
  PutStatus(store_, "daemonsets.apps", set, status);
}

}  // namespace qareports::emulator
