#include "plan/diff.h"

#include <set>

namespace qareports::plan {
namespace {

// The key a list's items are matched by, when every item has a distinct one.
std::string MergeKey(const nlohmann::json& a, const nlohmann::json& b) {
  for (const char* key : {"name", "containerPort", "port", "mountPath", "ip"}) {
    std::set<std::string> seen_a, seen_b;
    bool ok = true;
    for (const auto* list : {&a, &b}) {
      auto& seen = list == &a ? seen_a : seen_b;
      for (const auto& item : *list) {
        if (!item.is_object() || !item.contains(key)) {
          ok = false;
          break;
        }
        if (!seen.insert(item[key].dump()).second) ok = false;
      }
    }
    if (ok && !(a.empty() && b.empty())) return key;
  }
  return "";
}

std::string Label(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A value as a change keeps it: whole, or its text's beginning (cut at a
// character) and how much is left out.
nlohmann::json Bounded(const nlohmann::json& v) {
  if (v.is_string() && v.get_ref<const std::string&>().size() <= kMaxValueBytes) return v;
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  if (text.size() <= kMaxValueBytes) return v;
  size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "… (" + std::to_string(text.size() - cut) + " more bytes)";
}

void Walk(const nlohmann::json& a, const nlohmann::json& b, const std::string& path, std::vector<Change>& out,
          size_t& more) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a.items()) keys.insert(k);
    for (const auto& [k, v] : b.items()) keys.insert(k);
    for (const std::string& k : keys) {
      Walk(a.contains(k) ? a[k] : nlohmann::json(), b.contains(k) ? b[k] : nlohmann::json(),
           path.empty() ? k : path + "." + k, out, more);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    if (std::string key = MergeKey(a, b); !key.empty()) {
      std::vector<std::string> order;
      std::map<std::string, nlohmann::json> left, right;
      for (const auto& item : a) left[Label(item[key])] = item, order.push_back(Label(item[key]));
      for (const auto& item : b) {
        if (!left.count(Label(item[key]))) order.push_back(Label(item[key]));
        right[Label(item[key])] = item;
      }
      for (const std::string& name : order) {
        Walk(left.count(name) ? left[name] : nlohmann::json(), right.count(name) ? right[name] : nlohmann::json(),
             path + "[" + key + "=" + name + "]", out, more);
      }
      return;
    }
    if (a.size() == b.size()) {
      for (size_t i = 0; i < a.size(); ++i) Walk(a[i], b[i], path + "[" + std::to_string(i) + "]", out, more);
      return;
    }
  }
  if (out.size() >= kMaxChanges) {
    ++more;
    return;
  }
  out.push_back({path, Bounded(a), Bounded(b)});
}

}  // namespace

nlohmann::json Normalize(const nlohmann::json& object) {
  if (!object.is_object()) return object;
  nlohmann::json o = object;
  o.erase("status");
  if (o.contains("metadata") && o["metadata"].is_object()) {
    nlohmann::json& m = o["metadata"];
    for (const char* field : {"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp",
                              "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
      m.erase(field);
    }
    if (m.contains("annotations") && m["annotations"].is_object()) {
      m["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
      m["annotations"].erase("deployment.kubernetes.io/revision");
      m["annotations"].erase(kRestoredAnnotation);
      if (m["annotations"].empty()) m.erase("annotations");
    }
  }
  return o;
}

std::vector<Change> Diff(const nlohmann::json& live, const nlohmann::json& merged, size_t* more) {
  std::vector<Change> changes;
  size_t left_out = 0;
  Walk(Normalize(live), Normalize(merged), "", changes, left_out);
  if (more) *more = left_out;
  return changes;
}

std::vector<std::string> Describe(const std::vector<Change>& changes, bool secret, size_t more) {
  std::vector<std::string> lines;
  for (const Change& c : changes) {
    bool hidden = secret && (c.path.rfind("data", 0) == 0 || c.path.rfind("stringData", 0) == 0);
    if (hidden) {
      std::string what = c.before.is_null() ? "added" : c.after.is_null() ? "removed" : "changed";
      if (c.path == "data" || c.path == "stringData") {
        std::set<std::string> keys;
        for (const auto* side : {&c.before, &c.after}) {
          if (side->is_object()) {
            for (const auto& [k, v] : side->items()) keys.insert(k);
          }
        }
        std::string names;
        for (const std::string& k : keys) names += (names.empty() ? "" : ", ") + k;
        lines.push_back("~ " + c.path + ": " + what + " (keys: " + names + ")");
      } else {
        lines.push_back("~ " + c.path + ": (secret value " + what + ")");
      }
      continue;
    }
    if (c.before.is_null()) lines.push_back("+ " + c.path + ": " + c.after.dump());
    else if (c.after.is_null()) lines.push_back("- " + c.path + ": " + c.before.dump());
    else lines.push_back("~ " + c.path + ": " + c.before.dump() + " -> " + c.after.dump());
  }
  if (more > 0) lines.push_back("… and " + std::to_string(more) + " more changes");
  return lines;
}

}  // namespace qareports::plan
