#include "storage/field_set.h"

#include <algorithm>

namespace qareports::emulator {

namespace {

bool IsGranularMap(const std::string& field) {
  static const std::set<std::string> maps = {"labels", "annotations", "matchLabels", "data",
                                             "stringData", "binaryData", "nodeSelector",
                                             "requests", "limits"};
  return maps.count(field) > 0;
}

void Collect(const json& v, FieldPath& prefix, const std::string& field, bool map_markers, FieldSet* out) {
  if (v.is_object() && !v.empty()) {
    if (map_markers && (IsGranularMap(field) || (field == "selector" && v.begin()->is_string()))) {
      prefix.push_back(".");
      out->insert(prefix);
      prefix.pop_back();
    }
    for (auto& [k, child] : v.items()) {
      prefix.push_back("f:" + k);
      Collect(child, prefix, k, map_markers, out);
      prefix.pop_back();
    }
    return;
  }
  if (v.is_array() && !v.empty() && v[0].is_object() && !ListKeyFields(field, v[0]).empty()) {
    for (const auto& item : v) {
      prefix.push_back(ItemKey(field, item));
      prefix.push_back(".");
      out->insert(prefix);
      prefix.pop_back();
      for (auto& [k, child] : item.items()) {
        prefix.push_back("f:" + k);
        Collect(child, prefix, k, map_markers, out);
        prefix.pop_back();
      }
      prefix.pop_back();
    }
    return;
  }
  out->insert(prefix);
}

json KeyObject(const std::string& field, const json& item) {
  json key = json::object();
  for (const auto& f : ListKeyFields(field, item)) {
    if (item.contains(f)) key[f] = item[f];
    else if (f == "protocol") key[f] = "TCP";
  }
  return key;
}

bool ItemMatches(const json& item, const json& key) {
  if (!item.is_object()) return false;
  for (auto& [k, v] : key.items()) {
    if (item.contains(k)) {
      if (item[k] != v) return false;
    } else if (!(k == "protocol" && v == "TCP")) {
      return false;
    }
  }
  return true;
}

// Finds the child named by one path element; nullptr when absent.
json* Child(json& node, const std::string& elem) {
  if (elem.rfind("f:", 0) == 0) {
    std::string k = elem.substr(2);
    if (!node.is_object() || !node.contains(k)) return nullptr;
    return &node[k];
  }
  if (elem.rfind("k:", 0) == 0) {
    if (!node.is_array()) return nullptr;
    json key = json::parse(elem.substr(2), nullptr, false);
    for (auto& item : node)
      if (ItemMatches(item, key)) return &item;
    return nullptr;
  }
  if (elem.rfind("v:", 0) == 0) {
    if (!node.is_array()) return nullptr;
    json val = json::parse(elem.substr(2), nullptr, false);
    for (auto& item : node)
      if (item == val) return &item;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> ListKeyFields(const std::string& field, const json& item) {
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" ||
      field == "env" || field == "volumes" || field == "imagePullSecrets")
    return {"name"};
  if (field == "ports")
    return item.contains("containerPort") ? std::vector<std::string>{"containerPort", "protocol"}
                                          : std::vector<std::string>{"port", "protocol"};
  if (field == "volumeMounts") return {"mountPath"};
  if (field == "conditions") return {"type"};
  if (field == "ownerReferences") return {"uid"};
  if (field == "hostAliases") return {"ip"};
  return {};
}

std::string ItemKey(const std::string& field, const json& item) {
  return "k:" + KeyObject(field, item).dump();
}

FieldSet FieldsOf(const json& object, bool map_markers) {
  FieldSet out;
  if (!object.is_object()) return out;
  json copy = object;
  copy.erase("apiVersion");
  copy.erase("kind");
  copy.erase("status");
  if (copy.contains("metadata") && copy["metadata"].is_object()) {
    for (const char* k : {"name", "namespace", "uid", "resourceVersion", "generation",
                          "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink",
                          "generateName", "deletionGracePeriodSeconds"})
      copy["metadata"].erase(k);
    if (copy["metadata"].empty()) copy.erase("metadata");
  }
  FieldPath prefix;
  for (auto& [k, v] : copy.items()) {
    prefix.push_back("f:" + k);
    Collect(v, prefix, k, map_markers, &out);
    prefix.pop_back();
  }
  return out;
}

json ToFieldsV1(const FieldSet& set) {
  json root = json::object();
  for (const auto& path : set) {
    json* node = &root;
    for (const auto& elem : path) {
      if (!node->contains(elem)) (*node)[elem] = json::object();
      node = &(*node)[elem];
    }
  }
  return root;
}

static void FromNode(const json& node, FieldPath& prefix, FieldSet* out) {
  if (!node.is_object()) return;
  if (node.empty() && !prefix.empty()) {
    out->insert(prefix);
    return;
  }
  for (auto& [k, v] : node.items()) {
    prefix.push_back(k);
    FromNode(v, prefix, out);
    prefix.pop_back();
  }
}

FieldSet FromFieldsV1(const json& fields) {
  FieldSet out;
  FieldPath prefix;
  FromNode(fields, prefix, &out);
  return out;
}

std::string DescribePath(const FieldPath& path) {
  std::string out;
  for (const auto& e : path) {
    if (e == ".") continue;
    if (e.rfind("f:", 0) == 0) {
      out += "." + e.substr(2);
    } else if (e.rfind("k:", 0) == 0) {
      json key = json::parse(e.substr(2), nullptr, false);
      std::string inner;
      for (auto& [k, v] : key.items()) inner += (inner.empty() ? "" : ",") + k + "=" + v.dump();
      out += "[" + inner + "]";
    } else if (e.rfind("v:", 0) == 0) {
      out += "[" + e.substr(2) + "]";
    }
  }
  return out;
}

const json* ValueAt(const json& object, const FieldPath& path) {
  json* node = const_cast<json*>(&object);
  for (const auto& elem : path) {
    if (elem == ".") return node;
    node = Child(*node, elem);
    if (node == nullptr) return nullptr;
  }
  return node;
}

bool RemoveAt(json& object, const FieldPath& path) {
  FieldPath p = path;
  if (!p.empty() && p.back() == ".") p.pop_back();
  if (p.empty()) return false;
  FieldPath parent_path(p.begin(), p.end() - 1);
  json* parent = const_cast<json*>(ValueAt(object, parent_path));
  if (parent == nullptr) return false;
  const std::string& last = p.back();
  if (last.rfind("f:", 0) == 0) {
    if (!parent->is_object()) return false;
    return parent->erase(last.substr(2)) > 0;
  }
  json* child = Child(*parent, last);
  if (child == nullptr || !parent->is_array()) return false;
  for (std::size_t i = 0; i < parent->size(); ++i)
    if (&(*parent)[i] == child) {
      parent->erase(i);
      return true;
    }
  return false;
}

bool HasPrefix(const FieldPath& path, const FieldPath& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

}  // namespace qareports::emulator
