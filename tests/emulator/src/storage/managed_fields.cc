#include "storage/managed_fields.h"

#include <map>

namespace qareports::emulator {

std::vector<ManagedEntry> ReadManaged(const json& object) {
  std::vector<ManagedEntry> out;
  if (!object.is_object() || !object.contains("metadata")) return out;
  const json& m = object["metadata"];
  if (!m.contains("managedFields") || !m["managedFields"].is_array()) return out;
  for (const auto& e : m["managedFields"]) {
    ManagedEntry me;
    me.manager = e.value("manager", "");
    me.operation = e.value("operation", "");
    me.api_version = e.value("apiVersion", "");
    me.time = e.value("time", "");
    me.subresource = e.value("subresource", "");
    if (e.contains("fieldsV1")) me.fields = FromFieldsV1(e["fieldsV1"]);
    out.push_back(std::move(me));
  }
  return out;
}

void WriteManaged(json& object, const std::vector<ManagedEntry>& entries) {
  json arr = json::array();
  for (const auto& e : entries) {
    if (e.fields.empty()) continue;
    json j = {{"manager", e.manager}, {"operation", e.operation}, {"apiVersion", e.api_version},
              {"time", e.time}, {"fieldsType", "FieldsV1"}, {"fieldsV1", ToFieldsV1(e.fields)}};
    if (!e.subresource.empty()) j["subresource"] = e.subresource;
    arr.push_back(j);
  }
  if (arr.empty()) object["metadata"].erase("managedFields");
  else object["metadata"]["managedFields"] = arr;
}

void MergeApplied(json& target, const json& applied, const std::string& field) {
  if (!applied.is_object() || !target.is_object()) {
    target = applied;
    return;
  }
  for (auto& [k, v] : applied.items()) {
    if (!target.contains(k) || target[k].is_null()) {
      target[k] = v;
    } else if (v.is_object() && target[k].is_object()) {
      MergeApplied(target[k], v, k);
    } else if (v.is_array() && target[k].is_array() && !v.empty() && v[0].is_object() &&
               !ListKeyFields(k, v[0]).empty()) {
      json& list = target[k];
      for (const auto& item : v) {
        FieldPath p = {ItemKey(k, item)};
        json* existing = const_cast<json*>(ValueAt(list, p));
        if (existing) MergeApplied(*existing, item, k);
        else list.push_back(item);
      }
    } else {
      target[k] = v;
    }
  }
  (void)field;
}

namespace {

bool IsMine(const ManagedEntry& e, const ApplyRequest& r) {
  return e.manager == r.manager && e.operation == "Apply" && e.subresource.empty();
}

std::string ConflictText(const ManagedEntry& e) {
  std::string s = "\"" + e.manager + "\"";
  if (!e.subresource.empty()) s += " with subresource \"" + e.subresource + "\"";
  return s + " using " + e.api_version;
}

void ThrowConflicts(const std::vector<std::pair<const ManagedEntry*, FieldPath>>& conflicts) {
  std::map<std::string, std::vector<std::string>> by_owner;
  json causes = json::array();
  for (const auto& [e, p] : conflicts) {
    by_owner[ConflictText(*e)].push_back(DescribePath(p));
    causes.push_back({{"reason", "FieldManagerConflict"},
                      {"message", "conflict with " + ConflictText(*e)},
                      {"field", DescribePath(p)}});
  }
  std::size_t n = conflicts.size();
  std::string msg = "Apply failed with " + std::to_string(n) + " conflict" + (n > 1 ? "s" : "") + ": ";
  bool first = true;
  for (const auto& [owner, paths] : by_owner) {
    if (!first) msg += "\n";
    first = false;
    if (paths.size() == 1) {
      msg += "conflict with " + owner + ": " + paths[0];
    } else {
      msg += "conflicts with " + owner + ":";
      for (const auto& p : paths) msg += "\n- " + p;
    }
  }
  ApiError e{409, "Conflict", msg, {{"causes", causes}}, ""};
  throw e;
}

}  // namespace

json ServerSideApply(const json* live, const json& applied, const json& applied_defaulted,
                     const ApplyRequest& req) {
  FieldSet applied_set = FieldsOf(applied, false);
  std::vector<ManagedEntry> entries = live ? ReadManaged(*live) : std::vector<ManagedEntry>{};
  std::vector<std::pair<const ManagedEntry*, FieldPath>> conflicts;
  if (live) {
    for (const auto& p : applied_set) {
      if (p.back() == ".") continue;
      const json* lv = ValueAt(*live, p);
      const json* av = ValueAt(applied_defaulted, p);
      if (av == nullptr) av = ValueAt(applied, p);
      if (lv == nullptr || av == nullptr || *lv == *av) continue;
      for (const auto& e : entries)
        if (!IsMine(e, req) && e.fields.count(p)) conflicts.push_back({&e, p});
    }
  }
  if (!conflicts.empty() && !req.force) ThrowConflicts(conflicts);
  for (const auto& [e, p] : conflicts) const_cast<ManagedEntry*>(e)->fields.erase(p);

  json result = live ? *live : json::object();
  FieldSet previous;
  ManagedEntry* mine = nullptr;
  for (auto& e : entries)
    if (IsMine(e, req)) mine = &e;
  if (mine) previous = mine->fields;
  MergeApplied(result, applied, "");

  auto owned_by_other = [&](const FieldPath& p, bool prefix) {
    for (const auto& e : entries) {
      if (IsMine(e, req)) continue;
      for (const auto& q : e.fields)
        if (prefix ? HasPrefix(q, p) : q == p) return true;
    }
    return false;
  };
  // In order, so that a node (".") goes before the fields inside it: a
  // keyed list item removed whole, rather than field by field until its key
  // is gone and the rest can no longer be found.
  // A map or list left empty by a removal goes with it, unless it is applied
  // as such (structured-merge-diff drops empty results the same way).
  auto remove = [&](FieldPath p) {
    if (!RemoveAt(result, p)) return;
    if (p.back() == ".") p.pop_back();
    for (p.pop_back(); !p.empty() && p.back().rfind("f:", 0) == 0; p.pop_back()) {
      const json* container = ValueAt(result, p);
      if (!container || !container->is_structured() || !container->empty() || applied_set.count(p)) break;
      RemoveAt(result, p);
    }
  };
  for (auto it = previous.begin(); it != previous.end(); ++it) {
    const FieldPath& p = *it;
    if (applied_set.count(p)) continue;
    if (p.back() == ".") {
      FieldPath node(p.begin(), p.end() - 1);
      bool still_applied = false;
      for (const auto& q : applied_set)
        if (HasPrefix(q, node)) still_applied = true;
      if (!still_applied && !owned_by_other(node, true)) remove(p);
    } else if (!owned_by_other(p, false)) {
      remove(p);
    }
  }
  if (mine) {
    mine->fields = applied_set;
    mine->time = req.now;
    mine->api_version = req.api_version;
  } else {
    entries.push_back({req.manager, "Apply", req.api_version, req.now, "", applied_set});
  }
  WriteManaged(result, entries);
  return result;
}

void RecordUpdate(const json& old_object, json& new_object, const std::string& manager,
                  const std::string& api_version, const std::string& now,
                  const std::string& subresource) {
  FieldSet new_fields = FieldsOf(new_object);
  FieldSet old_fields = old_object.is_null() ? FieldSet{} : FieldsOf(old_object);
  FieldSet changed, removed;
  for (const auto& p : new_fields) {
    if (p.back() == ".") {
      if (!old_fields.count(p)) changed.insert(p);
      continue;
    }
    const json* ov = old_object.is_null() ? nullptr : ValueAt(old_object, p);
    const json* nv = ValueAt(new_object, p);
    if (ov == nullptr || nv == nullptr || *ov != *nv) changed.insert(p);
  }
  for (const auto& p : old_fields)
    if (!new_fields.count(p)) removed.insert(p);
  std::vector<ManagedEntry> entries =
      old_object.is_null() ? std::vector<ManagedEntry>{} : ReadManaged(old_object);
  if (changed.empty() && removed.empty()) {
    WriteManaged(new_object, entries);
    return;
  }
  ManagedEntry* mine = nullptr;
  for (auto& e : entries) {
    if (e.manager == manager && e.operation == "Update" && e.subresource == subresource) {
      mine = &e;
      continue;
    }
    for (const auto& p : changed) e.fields.erase(p);
    for (const auto& p : removed) e.fields.erase(p);
  }
  if (!mine) {
    entries.push_back({manager, "Update", api_version, now, subresource, {}});
    mine = &entries.back();
  }
  for (const auto& p : removed) mine->fields.erase(p);
  mine->fields.insert(changed.begin(), changed.end());
  mine->time = now;
  mine->api_version = api_version;
  WriteManaged(new_object, entries);
}

}  // namespace qareports::emulator
