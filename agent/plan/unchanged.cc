#include "plan/unchanged.h"

#include <set>
#include <string>

namespace qareports::plan {
namespace {

using json = nlohmann::json;
using FieldSet = std::set<std::string>;  // paths, their keys joined by kSeparator

constexpr char kSeparator = '\x1f';

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + kSeparator + key;
}

// The object's identity, which the request's path names: no apply owns it.
void DropIdentity(FieldSet& set) {
  for (const char* key : {"apiVersion", "kind"}) set.erase(key);
  for (const char* key : {"name", "namespace"}) set.erase(Join("metadata", key));
}

// Walks what the desired object sets, each value against the live one,
// collecting the paths it sets (scalars and empty maps). False at the first
// value that differs, and at a list or a null (left to the server).
bool SetsOnlyLiveValues(const json& desired, const json* live, const std::string& path, FieldSet& set) {
  if (desired.is_array() || desired.is_null() || live == nullptr) return false;
  if (!desired.is_object() || desired.empty()) {
    set.insert(path);
    return desired == *live;
  }
  if (!live->is_object()) return false;
  for (const auto& [key, value] : desired.items()) {
    auto found = live->find(key);
    if (!SetsOnlyLiveValues(value, found == live->end() ? nullptr : &*found, Join(path, key), set)) return false;
  }
  return true;
}

// The leaves of a FieldsV1 set. False when it names list items ("k:", "v:",
// "i:"), which only the schema can match to the desired object's lists.
bool Owned(const json& fields, const std::string& path, FieldSet& set) {
  if (!fields.is_object()) return false;
  bool leaf = true;
  for (const auto& [key, value] : fields.items()) {
    if (key == ".") continue;  // the map itself
    if (key.rfind("f:", 0) != 0) return false;
    leaf = false;
    if (!Owned(value, Join(path, key.substr(2)), set)) return false;
  }
  if (leaf && !path.empty()) set.insert(path);
  return true;
}

// The fields `manager`'s applies own: the one Apply entry of the object's
// API version. Null when there is none, or the manager has applied through
// another version or a subresource too.
const json* AppliedFields(const json& live, std::string_view manager, const std::string& api_version) {
  const json* found = nullptr;
  auto meta = live.find("metadata");
  if (meta == live.end() || !meta->is_object()) return nullptr;
  auto entries = meta->find("managedFields");
  if (entries == meta->end() || !entries->is_array()) return nullptr;
  for (const json& e : *entries) {
    if (!e.is_object() || e.value("manager", "") != manager || e.value("operation", "") != "Apply") continue;
    if (found || e.value("apiVersion", "") != api_version || !e.value("subresource", "").empty() ||
        e.value("fieldsType", "FieldsV1") != "FieldsV1" || !e.contains("fieldsV1")) {
      return nullptr;
    }
    found = &e["fieldsV1"];
  }
  return found;
}

}  // namespace

bool AppliesUnchanged(const json& desired, const json& live, std::string_view manager) {
  if (!desired.is_object() || !live.is_object()) return false;
  const json& meta = live.value("metadata", json::object());
  if (meta.contains("deletionTimestamp") && !meta["deletionTimestamp"].is_null()) return false;
  const json* applied = AppliedFields(live, manager, desired.value("apiVersion", ""));
  if (applied == nullptr) return false;
  FieldSet sets, owns;
  if (!SetsOnlyLiveValues(desired, &live, "", sets) || !Owned(*applied, "", owns)) return false;
  DropIdentity(sets);
  DropIdentity(owns);
  return sets == owns;
}

}  // namespace qareports::plan
