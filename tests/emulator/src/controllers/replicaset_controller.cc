#include "controllers/replicaset_controller.h"

#include <algorithm>

#include "controllers/controller_util.h"
#include "storage/names.h"

namespace qareports::emulator {

void ReplicaSetController::Tick() {
  for (const char* key : {"replicasets.apps", "replicationcontrollers"})
    SyncEach(store_, key, [&](const json& o) { Sync(key, o); });
}

void ReplicaSetController::Sync(const std::string& key, const json& rs) {
  const json& m = rs["metadata"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  std::string now = FormatTime(clock_.Now());
  auto pods = Owned(store_, "pods", ns, m.value("uid", ""));
  int want = rs["spec"].value("replicas", 1);
  int have = static_cast<int>(pods.size());
  for (int i = have; i < want && i < have + 100; ++i) {
    json pod = PodFromTemplate(rs, rs["spec"]["template"], name + "-" + RandomSuffix(5));
    pod["metadata"]["generateName"] = name + "-";
    json created = CreateObject(store_, "pods", pod, now);
    events_.Record(rs, "Normal", "SuccessfulCreate", "Created pod: " + created["metadata"].value("name", ""),
                   "replicaset-controller");
  }
  if (have > want) {
    std::sort(pods.begin(), pods.end(), [](const json& a, const json& b) {
      bool ra = PodReady(a), rb = PodReady(b);
      if (ra != rb) return !ra;
      return a["metadata"].value("creationTimestamp", "") > b["metadata"].value("creationTimestamp", "");
    });
    for (int i = 0; i < have - want; ++i) {
      json p = pods[static_cast<std::size_t>(i)];
      p["metadata"]["deletionTimestamp"] = now;
      p["metadata"]["deletionGracePeriodSeconds"] = 30;
      store_.Put("pods", p);
      events_.Record(rs, "Normal", "SuccessfulDelete", "Deleted pod: " + p["metadata"].value("name", ""),
                     "replicaset-controller");
    }
  }
  pods = Owned(store_, "pods", ns, m.value("uid", ""));
  int ready = 0, available = 0;
  int min_ready = rs["spec"].value("minReadySeconds", 0);
  for (const auto& p : pods) {
    ready += PodReady(p);
    available += PodAvailable(p, min_ready, clock_.Now());
  }
  json after = rs;
  json& s = after["status"];
  s["replicas"] = static_cast<int>(pods.size());
  SetCount(s, "fullyLabeledReplicas", static_cast<int>(pods.size()));
  SetCount(s, "readyReplicas", ready);
  SetCount(s, "availableReplicas", available);
  s["observedGeneration"] = m.value("generation", 1);
  PutStatus(store_, key, rs, s);
}

}  // namespace qareports::emulator
