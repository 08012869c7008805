#include "controllers/cluster_controllers.h"

#include <algorithm>
#include <set>

#include "controllers/controller_util.h"
#include "storage/resource_table.h"

namespace qareports::emulator {

void ClusterControllers::Tick() {
  Autoscalers();
  CollectGarbage();
  Namespaces();
}

void ClusterControllers::Autoscalers() {
  std::vector<json> hpas;
  for (const json* h : store_.List("horizontalpodautoscalers.autoscaling", "")) hpas.push_back(*h);
  std::string now = FormatTime(clock_.Now());
  for (const auto& h : hpas) {
    std::string ns = h["metadata"].value("namespace", "");
    const json& ref = h["spec"].value("scaleTargetRef", json::object());
    const json* target = ref.value("kind", "") == "Deployment"
                             ? store_.Get("deployments.apps", ns, ref.value("name", "")) : nullptr;
    json next = h;
    json& s = next["status"];
    int min = h["spec"].value("minReplicas", 1), max = h["spec"].value("maxReplicas", 1);
    json& conds = s["conditions"];
    if (target == nullptr) {
      SetCondition(conds, "AbleToScale", "False", "FailedGetScale",
                   "the HPA controller was unable to get the target's current scale: deployments/scale.apps \"" +
                       ref.value("name", "") + "\" not found", now, false);
      s["currentReplicas"] = 0;
      s["desiredReplicas"] = 0;
    } else {
      int current = (*target)["spec"].value("replicas", 1);
      int desired = std::clamp(current, min, max);
      if (desired != current) {
        json d = *target;
        d["spec"]["replicas"] = desired;
        d["metadata"]["generation"] = d["metadata"].value("generation", 1) + 1;
        store_.Put("deployments.apps", d);
        s["lastScaleTime"] = now;
      }
      s["currentReplicas"] = (*target).value("status", json::object()).value("replicas", 0);
      s["desiredReplicas"] = desired;
      SetCondition(conds, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now, false);
      SetCondition(conds, "ScalingActive", "True", "ValidMetricFound",
                   "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", now, false);
      SetCondition(conds, "ScalingLimited", desired == current ? "False" : "True",
                   desired == current ? "DesiredWithinRange" : "TooFewReplicas",
                   desired == current ? "the desired count is within the acceptable range" : "the desired replica count is less than the minimum replica count", now, false);
      s["currentMetrics"] = json::array({{{"type", "Resource"}, {"resource", {{"name", "cpu"}, {"current", {{"averageUtilization", 0}, {"averageValue", "1m"}}}}}}});
    }
    for (auto& c : conds) c.erase("lastUpdateTime");
    if (next != h) store_.Put("horizontalpodautoscalers.autoscaling", next);
  }
}

namespace {

bool Has(const json& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// `o` without `finalizer`.
json WithoutFinalizer(json o, const std::string& finalizer) {
  json& m = o["metadata"];
  json fins = m.value("finalizers", json::array());
  fins.erase(std::remove(fins.begin(), fins.end(), finalizer), fins.end());
  if (fins.empty()) m.erase("finalizers");
  else m["finalizers"] = fins;
  return o;
}

}  // namespace

void ClusterControllers::CollectGarbage() {
  // Candidates: objects with owners or being deleted (the store keeps them
  // indexed, so a step costs what they number, not every object). Live
  // owners, among the uids candidates reference: objects not being
  // deleted, or held by finalizers other than foreground deletion (whose
  // dependents must go first). Orphaning owners: being deleted with the
  // `orphan` finalizer, whose dependents lose their reference to them.
  std::set<std::string> owners, referenced, orphaning;
  auto candidates = store_.OwnedOrDeleting();
  for (const auto& [key, o] : candidates) {
    const json& m = (*o)["metadata"];
    for (const auto& r : m.value("ownerReferences", json::array()))
      if (r.is_object() && r.contains("uid") && r["uid"].is_string()) referenced.insert(r["uid"].get<std::string>());
    if (m.contains("deletionTimestamp") && Has(m.value("finalizers", json::array()), "orphan"))
      orphaning.insert(m.value("uid", ""));
  }
  for (const auto& uid : referenced) {
    const json* owner = store_.GetByUid(uid);
    if (owner == nullptr) continue;
    const json& m = (*owner)["metadata"];
    json fins = m.value("finalizers", json::array());
    if (!m.contains("deletionTimestamp") || (!fins.empty() && !Has(fins, "foregroundDeletion"))) owners.insert(uid);
  }
  std::string now = FormatTime(clock_.Now());
  // Each step below changes only its own object, so the other pointers
  // stay valid.
  for (const auto& [key, ptr] : candidates) {
    const ResourceInfo* info = FindByStorageKey(key);
    const json& m = (*ptr)["metadata"];
    std::string ns = m.value("namespace", ""), name = m.value("name", ""), uid = m.value("uid", "");
    json refs = m.value("ownerReferences", json::array());
    json kept = json::array();
    for (const auto& r : refs)
      if (!orphaning.count(r.value("uid", ""))) kept.push_back(r);
    if (kept.size() != refs.size()) {
      json o = *ptr;
      if (kept.empty()) o["metadata"].erase("ownerReferences");
      else o["metadata"]["ownerReferences"] = kept;
      store_.Put(key, o);
      continue;
    }
    bool orphaned = !refs.empty() && std::none_of(refs.begin(), refs.end(), [&](const json& r) {
      return owners.count(r.value("uid", "")) > 0;
    });
    json fins = m.value("finalizers", json::array());
    bool deleting = m.contains("deletionTimestamp");
    if (orphaned && !deleting) {
      if (info->kind == "Pod" || !fins.empty()) {
        json o = *ptr;
        o["metadata"]["deletionTimestamp"] = now;
        store_.Put(key, o);
      } else {
        store_.Remove(key, ns, name);
      }
      continue;
    }
    if (!deleting) continue;
    // Foreground: done when no dependent is left; orphan: when none still
    // names this owner (they were all released a step before).
    bool fg = Has(fins, "foregroundDeletion"), orphan = Has(fins, "orphan");
    if ((fg || orphan) && !referenced.count(uid)) {
      store_.Put(key, WithoutFinalizer(*ptr, fg ? "foregroundDeletion" : "orphan"));
      continue;
    }
    // Pods are the kubelet's to remove (the pod simulator), namespaces
    // their controller's.
    if (fins.empty() && info->kind != "Pod" && info->kind != "Namespace") store_.Remove(key, ns, name);
  }
}

void ClusterControllers::Namespaces() {
  std::vector<json> namespaces;
  for (const json* n : store_.List("namespaces", "")) namespaces.push_back(*n);
  std::string now = FormatTime(clock_.Now());
  for (const auto& n : namespaces) {
    std::string name = n["metadata"].value("name", "");
    if (!n["metadata"].contains("deletionTimestamp")) {
      if (!store_.Get("serviceaccounts", name, "default"))
        CreateObject(store_, "serviceaccounts",
                     {{"metadata", {{"name", "default"}, {"namespace", name}}}}, now);
      continue;
    }
    bool empty = true;
    for (const auto& info : AllResources()) {
      if (!info.namespaced || FindByStorageKey(info.StorageKey()) != &info) continue;
      std::vector<json> objects;
      for (const json* o : store_.List(info.StorageKey(), name)) objects.push_back(*o);
      for (auto& o : objects) {
        empty = false;
        if (info.kind == "Pod") {
          if (!o["metadata"].contains("deletionTimestamp")) {
            o["metadata"]["deletionTimestamp"] = now;
            store_.Put("pods", o);
          }
        } else {
          store_.Remove(info.StorageKey(), name, o["metadata"].value("name", ""));
        }
      }
    }
    if (empty) store_.Remove("namespaces", "", name);
  }
}

}  // namespace qareports::emulator
