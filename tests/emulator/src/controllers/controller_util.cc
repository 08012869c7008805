#include "controllers/controller_util.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "storage/object_rules.h"
#include "storage/resource_table.h"

namespace qareports::emulator {

json ControllerRef(const json& owner) {
  return {{"apiVersion", owner.value("apiVersion", "")}, {"kind", owner.value("kind", "")},
          {"name", owner["metadata"].value("name", "")}, {"uid", owner["metadata"].value("uid", "")},
          {"controller", true}, {"blockOwnerDeletion", true}};
}

bool IsControlledBy(const json& object, const std::string& owner_uid) {
  for (const auto& r : object["metadata"].value("ownerReferences", json::array()))
    if (r.value("uid", "") == owner_uid && r.value("controller", false)) return true;
  return false;
}

std::vector<json> Owned(Store& store, const std::string& key, const std::string& ns,
                        const std::string& owner_uid, bool include_deleting) {
  std::vector<json> out;
  for (const json* o : store.List(key, ns))
    if (IsControlledBy(*o, owner_uid) &&
        (include_deleting || !(*o)["metadata"].contains("deletionTimestamp")))
      out.push_back(*o);
  return out;
}

bool PodReady(const json& pod) {
  if (pod["metadata"].contains("deletionTimestamp")) return false;
  const json conditions = pod.value("status", json::object()).value("conditions", json());
  const json* c = FindCondition(conditions, "Ready");
  return c && (*c).value("status", "") == "True";
}

bool PodAvailable(const json& pod, int min_ready_seconds, SimTime now) {
  if (!PodReady(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  const json* c = FindCondition(pod["status"]["conditions"], "Ready");
  SimTime since;
  if (!ParseTime((*c).value("lastTransitionTime", ""), &since)) return true;
  return now - since >= std::chrono::seconds(min_ready_seconds);
}

int IntOrPercent(const json& v, int total, bool round_up) {
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (!s.empty() && s.back() == '%') {
      double p = std::atof(s.c_str()) * total / 100.0;
      return static_cast<int>(round_up ? std::ceil(p) : std::floor(p));
    }
    return std::atoi(s.c_str());
  }
  return 0;
}

const json* FindCondition(const json& conditions, const std::string& type) {
  if (!conditions.is_array()) return nullptr;
  for (const auto& c : conditions)
    if (c.value("type", "") == type) return &c;
  return nullptr;
}

void SetCondition(json& conditions, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, const std::string& now,
                  bool with_update_time) {
  if (!conditions.is_array()) conditions = json::array();
  json* existing = nullptr;
  for (auto& c : conditions)
    if (c.value("type", "") == type) existing = &c;
  json c = {{"type", type}, {"status", status}, {"reason", reason}, {"message", message}};
  if (with_update_time) c["lastUpdateTime"] = now;
  c["lastTransitionTime"] = now;
  if (existing) {
    if ((*existing).value("status", "") == status)
      c["lastTransitionTime"] = (*existing).value("lastTransitionTime", now);
    if (with_update_time && (*existing).value("status", "") == status &&
        (*existing).value("reason", "") == reason && (*existing).value("message", "") == message)
      c["lastUpdateTime"] = (*existing).value("lastUpdateTime", now);
    *existing = c;
  } else {
    conditions.push_back(c);
  }
}

json CreateObject(Store& store, const std::string& key, json object, const std::string& now) {
  const ResourceInfo* info = FindByStorageKey(key);
  PrepareCreate(*info, object, now);
  object["apiVersion"] = info->ApiVersion();
  object["kind"] = info->kind;
  return store.Put(key, object);
}

json PodFromTemplate(const json& owner, const json& pod_template, const std::string& name) {
  json pod = {{"apiVersion", "v1"}, {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", owner["metadata"].value("namespace", "")},
                            {"ownerReferences", json::array({ControllerRef(owner)})}}},
              {"spec", pod_template.value("spec", json::object())}};
  const json& tm = pod_template.value("metadata", json::object());
  for (const char* k : {"labels", "annotations"})
    if (tm.contains(k)) pod["metadata"][k] = tm[k];
  return pod;
}

void PutIfChanged(Store& store, const std::string& key, const json& before, const json& after) {
  if (before != after) store.Put(key, after);
}

void PutStatus(Store& store, const std::string& key, const json& object, const json& status) {
  const json& m = object["metadata"];
  const json* current = store.Get(key, m.value("namespace", ""), m.value("name", ""));
  if (current == nullptr) return;
  json next = *current;
  next["status"] = status;
  PutIfChanged(store, key, *current, next);
}

void SyncEach(Store& store, const std::string& key, const std::function<void(const json&)>& sync) {
  std::vector<json> all;
  for (const json* o : store.List(key, "")) all.push_back(*o);
  for (const auto& o : all)
    if (!o["metadata"].contains("deletionTimestamp")) Guarded(o, [&] { sync(o); });
}

void Guarded(const json& object, const std::function<void()>& step) {
  static std::set<std::string> reported;
  try {
    step();
  } catch (const std::exception& e) {
    std::string id = object.value("kind", "") + " " + object["metadata"].value("namespace", "") + "/" +
                     object["metadata"].value("name", "");
    if (reported.insert(id).second)
      std::fprintf(stderr, "qareports-emulator: controllers skip %s: %s\n", id.c_str(), e.what());
  }
}

void SetCount(json& status, const char* field, int value) {
  if (value != 0) status[field] = value;
  else status.erase(field);
}

}  // namespace qareports::emulator
