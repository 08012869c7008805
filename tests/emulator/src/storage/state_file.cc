#include "storage/state_file.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

#include "storage/atomic_file.h"
#include "storage/object_rules.h"
#include "storage/resource_table.h"
#include "storage/yaml_json.h"

namespace qareports::emulator {

void Bootstrap(Store& store, const SimClock& clock) {
  std::lock_guard<std::mutex> lock(store.mutex());
  const ResourceInfo* ns = FindResource("", "v1", "namespaces");
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    if (store.Get("namespaces", "", name)) continue;
    json o = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    PrepareCreate(*ns, o, FormatTime(clock.Now()));
    store.Put("namespaces", o);
  }
}

static bool AddObject(json o, Store& store, const SimClock& clock, std::string* error) {
  const ResourceInfo* info = FindByKind(o.value("apiVersion", ""), o.value("kind", ""));
  if (info == nullptr) {
    *error = "unknown kind " + o.value("apiVersion", "") + "/" + o.value("kind", "");
    return false;
  }
  json& m = o["metadata"];
  if (info->namespaced && m.value("namespace", "").empty()) m["namespace"] = "default";
  json keep_status = o.value("status", json());
  std::string uid = m.value("uid", ""), created = m.value("creationTimestamp", "");
  try {
    PrepareCreate(*info, o, FormatTime(clock.Now()));
  } catch (...) {
    *error = "invalid object " + info->kind + " " + m.value("name", "");
    return false;
  }
  if (!uid.empty()) m["uid"] = uid;
  if (!created.empty()) m["creationTimestamp"] = created;
  if (!keep_status.is_null()) o["status"] = keep_status;
  store.Put(info->StorageKey(), o);
  return true;
}

bool LoadState(const std::string& path, Store& store, const SimClock& clock, std::string* error) {
  std::ifstream in(path);
  if (!in) return true;
  std::stringstream ss;
  ss << in.rdbuf();
  std::vector<json> objects;
  try {
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded()) {
      for (const auto& doc : YAML::LoadAll(ss.str())) {
        json d = YamlToJson(doc);
        if (d.is_array()) for (auto& x : d) objects.push_back(x);
        else if (d.is_object()) objects.push_back(d);
      }
    } else if (j.is_array()) {
      for (auto& x : j) objects.push_back(x);
    } else if (j.contains("items")) {
      for (auto& x : j["items"]) objects.push_back(x);
    } else {
      objects.push_back(j);
    }
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
  std::lock_guard<std::mutex> lock(store.mutex());
  for (auto& o : objects) {
    if (o.value("kind", "") == "Namespace" && store.Get("namespaces", "", o["metadata"].value("name", ""))) continue;
    if (!AddObject(o, store, clock, error)) {
      *error = path + ": " + *error;
      return false;
    }
  }
  return true;
}

bool SaveState(const std::string& path, Store& store, std::string* error) {
  // One object per line: an indented file would grow with the square of an
  // object's depth (an object nested 10,000 deep took 100 MB).
  std::string content = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [";
  {
    std::lock_guard<std::mutex> lock(store.mutex());
    const char* separator = "\n";
    for (const auto& info : AllResources()) {
      if (FindByStorageKey(info.StorageKey()) != &info) continue;
      for (const json* o : store.List(info.StorageKey(), "")) {
        content += separator + o->dump();
        separator = ",\n";
      }
    }
  }
  content += "\n]}\n";
  return WriteFileAtomically(path, content, error);
}

}  // namespace qareports::emulator
