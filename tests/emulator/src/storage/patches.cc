#include "storage/patches.h"

#include <algorithm>

#include "api/api_error.h"

namespace qareports::emulator {

namespace {

// The patchMergeKey of a list field (empty: the list is replaced).
std::string MergeKey(const std::string& field, const json& item) {
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "env" || field == "volumes" || field == "imagePullSecrets" ||
      field == "hostAliases")
    return field == "hostAliases" ? "ip" : "name";
  if (field == "ports") return item.contains("containerPort") ? "containerPort" : "port";
  if (field == "volumeMounts") return "mountPath";
  if (field == "conditions") return "type";
  if (field == "ownerReferences") return "uid";
  return "";
}

bool IsPrimitiveMergeList(const std::string& field) { return field == "finalizers"; }

json Merge(const json& original, const json& patch, const std::string& field);

json MergeList(const json& original, const json& patch, const std::string& field) {
  if (IsPrimitiveMergeList(field)) {
    json out = original.is_array() ? original : json::array();
    for (const auto& v : patch)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    return out;
  }
  if (patch.empty() || !patch[0].is_object()) return patch;
  std::string key = MergeKey(field, patch[0]);
  if (key.empty()) return patch;
  for (const auto& item : patch)
    if (item.is_object() && item.value("$patch", "") == "replace") {
      json out = json::array();
      for (const auto& i : patch)
        if (!i.contains("$patch")) out.push_back(i);
      return out;
    }
  json out = original.is_array() ? original : json::array();
  for (const auto& item : patch) {
    if (!item.is_object() || !item.contains(key)) {
      throw BadRequest("map: " + item.dump() + " does not contain declared merge key: " + key);
    }
    auto match = std::find_if(out.begin(), out.end(), [&](const json& o) {
      return o.is_object() && o.contains(key) && o[key] == item[key];
    });
    if (item.value("$patch", "") == "delete") {
      if (match != out.end()) out.erase(match);
      continue;
    }
    if (match != out.end()) *match = Merge(*match, item, field);
    else out.push_back(Merge(json::object(), item, field));
  }
  return out;
}

void SetOrder(json& list, const json& order, const std::string& field) {
  if (!list.is_array() || !order.is_array()) return;
  json sorted = json::array();
  std::vector<bool> used(list.size(), false);
  for (const auto& o : order) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (used[i]) continue;
      bool same = o.is_object() ? (list[i].is_object() && !MergeKey(field, o).empty() &&
                                   list[i].value(MergeKey(field, o), json()) ==
                                       o.value(MergeKey(field, o), json()))
                                : list[i] == o;
      if (same) {
        sorted.push_back(list[i]);
        used[i] = true;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < list.size(); ++i)
    if (!used[i]) sorted.push_back(list[i]);
  list = sorted;
}

json Merge(const json& original, const json& patch, const std::string& field) {
  if (!patch.is_object()) return patch;
  std::string directive = patch.value("$patch", "");
  if (directive == "replace") {
    json out = patch;
    out.erase("$patch");
    return out;
  }
  json out = original.is_object() ? original : json::object();
  for (auto& [k, v] : patch.items()) {
    if (!k.empty() && k[0] == '$') continue;
    if (v.is_null()) {
      out.erase(k);
    } else if (v.is_object()) {
      if (v.value("$patch", "") == "delete") {
        out.erase(k);
        continue;
      }
      out[k] = Merge(out.contains(k) ? out[k] : json(), v, k);
    } else if (v.is_array()) {
      out[k] = MergeList(out.contains(k) ? out[k] : json(), v, k);
    } else {
      out[k] = v;
    }
  }
  for (auto& [k, v] : patch.items()) {
    const std::string order = "$setElementOrder/";
    const std::string del = "$deleteFromPrimitiveList/";
    if (k.rfind(order, 0) == 0 && out.contains(k.substr(order.size())))
      SetOrder(out[k.substr(order.size())], v, k.substr(order.size()));
    if (k.rfind(del, 0) == 0 && out.contains(k.substr(del.size())) && v.is_array()) {
      json& list = out[k.substr(del.size())];
      json kept = json::array();
      for (const auto& x : list)
        if (std::find(v.begin(), v.end(), x) == v.end()) kept.push_back(x);
      list = kept;
    }
  }
  if (patch.contains("$retainKeys") && patch["$retainKeys"].is_array()) {
    json kept = json::object();
    for (const auto& k : patch["$retainKeys"])
      if (k.is_string() && out.contains(k.get<std::string>())) kept[k.get<std::string>()] = out[k.get<std::string>()];
    out = kept;
  }
  (void)field;
  return out;
}

}  // namespace

json ApplyMergePatch(const json& original, const json& patch) {
  json out = original;
  out.merge_patch(patch);
  return out;
}

json ApplyJsonPatch(const json& original, const json& patch) {
  try {
    return original.patch(patch);
  } catch (const std::exception& e) {
    throw ApiError{422, "Invalid", std::string("the server rejected our request due to an error "
                                               "in our request: ") + e.what(), json::object(), ""};
  }
}

json ApplyStrategicMergePatch(const json& original, const json& patch) {
  if (!patch.is_object()) throw BadRequest("strategic merge patch must be a JSON object");
  return Merge(original, patch, "");
}

}  // namespace qareports::emulator
