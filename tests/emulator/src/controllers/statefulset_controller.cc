#include "controllers/statefulset_controller.h"

#include <map>

#include "controllers/controller_util.h"
#include "storage/names.h"

namespace qareports::emulator {

namespace {

constexpr const char* kRevision = "controller-revision-hash";

}  // namespace

void StatefulSetController::Tick() {
  SyncEach(store_, "statefulsets.apps", [&](const json& o) { Sync(o); });
}

void StatefulSetController::Sync(const json& set) {
  const json& m = set["metadata"];
  const json& spec = set["spec"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  std::string now = FormatTime(clock_.Now());
  std::string revision = name + "-" + TemplateHash(spec["template"]);
  int want = spec.value("replicas", 1);
  bool parallel = spec.value("podManagementPolicy", "OrderedReady") == "Parallel";
  int partition = spec.value("updateStrategy", json::object()).value("rollingUpdate", json::object()).value("partition", 0);
  bool rolling = spec.value("updateStrategy", json::object()).value("type", "RollingUpdate") == "RollingUpdate";

  std::map<int, json> pods;  // by ordinal
  for (auto& p : Owned(store_, "pods", ns, m.value("uid", ""), true)) {
    std::string pod_name = p["metadata"].value("name", "");
    if (pod_name.rfind(name + "-", 0) != 0) continue;
    std::string ordinal = pod_name.substr(name.size() + 1);
    if (ordinal.empty() || ordinal.find_first_not_of("0123456789") != std::string::npos) continue;
    pods[std::stoi(ordinal)] = p;
  }
  auto deleting = [](const json& p) { return p["metadata"].contains("deletionTimestamp"); };
  auto remove = [&](json p) {
    p["metadata"]["deletionTimestamp"] = now;
    p["metadata"]["deletionGracePeriodSeconds"] = 30;
    store_.Put("pods", p);
    events_.Record(set, "Normal", "SuccessfulDelete",
                   "delete Pod " + p["metadata"].value("name", "") + " in StatefulSet " + name + " successful",
                   "statefulset-controller");
  };
  bool all_ready = true;
  for (int i = 0; i < want; ++i) {
    auto it = pods.find(i);
    if (it == pods.end()) {
      if (!parallel && !all_ready) break;
      std::string pod_name = name + "-" + std::to_string(i);
      json pod = PodFromTemplate(set, spec["template"], pod_name);
      pod["metadata"]["labels"][kRevision] = revision;
      pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] = pod_name;
      pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"] = std::to_string(i);
      pod["metadata"]["generateName"] = name + "-";
      pod["spec"]["hostname"] = pod_name;
      if (spec.contains("serviceName")) pod["spec"]["subdomain"] = spec["serviceName"];
      pods[i] = CreateObject(store_, "pods", pod, now);
      events_.Record(set, "Normal", "SuccessfulCreate",
                     "create Pod " + pod_name + " in StatefulSet " + name + " successful", "statefulset-controller");
      all_ready = false;
      if (!parallel) break;
      continue;
    }
    if (deleting(it->second) || !PodReady(it->second)) all_ready = false;
  }
  // Scale down from the highest ordinal, one at a time unless Parallel.
  for (auto it = pods.rbegin(); it != pods.rend() && it->first >= want; ++it) {
    if (deleting(it->second)) {
      if (!parallel) break;
      continue;
    }
    remove(it->second);
    if (!parallel) break;
  }
  // Rolling update: the highest ordinal still at an old revision, once every pod is ready.
  if (rolling && all_ready && static_cast<int>(pods.size()) == want)
    for (auto it = pods.rbegin(); it != pods.rend(); ++it) {
      if (it->first < partition) break;
      if (it->second["metadata"].value("labels", json::object()).value(kRevision, "") != revision) {
        remove(it->second);
        break;
      }
    }

  int replicas = 0, ready = 0, available = 0, updated = 0, current = 0;
  std::string current_revision = set.value("status", json::object()).value("currentRevision", revision);
  for (const auto& [ordinal, p] : pods) {
    if (deleting(p) || ordinal >= want) continue;
    ++replicas;
    ready += PodReady(p);
    available += PodAvailable(p, spec.value("minReadySeconds", 0), clock_.Now());
    std::string r = p["metadata"].value("labels", json::object()).value(kRevision, "");
    updated += r == revision;
    current += r == current_revision;
  }
  if (updated == want && replicas == want) {
    current_revision = revision;
    current = updated;
  }
  json status = {{"observedGeneration", m.value("generation", 1)}, {"replicas", replicas},
                 {"availableReplicas", available}, {"currentRevision", current_revision},
                 {"updateRevision", revision}, {"collisionCount", 0}};
  SetCount(status, "readyReplicas", ready);
  SetCount(status, "currentReplicas", current);
  SetCount(status, "updatedReplicas", updated);
  PutStatus(store_, "statefulsets.apps", set, status);
}

}  // namespace qareports::emulator
