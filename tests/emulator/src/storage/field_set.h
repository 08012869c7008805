// Field sets as server-side apply tracks ownership: paths of FieldsV1 keys
// ("f:spec", "k:{\"name\":\"web\"}", "."), conversion to and from the
// FieldsV1 JSON of managedFields, and navigation of objects by such paths.
// Also knows which lists are keyed (associative) and by what. Pure.
#pragma once
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace qareports::emulator {

using json = nlohmann::json;
using FieldPath = std::vector<std::string>;
using FieldSet = std::set<FieldPath>;

// The key fields of an associative list `field` (empty for atomic lists).
std::vector<std::string> ListKeyFields(const std::string& field, const json& item);
// "k:{...}" for an item of a keyed list.
std::string ItemKey(const std::string& field, const json& item);
// The fields set in `object`, leaving out identity metadata and status.
// `map_markers`: a map of keys (labels, data, ...) also owns itself (".");
// an Update's set has these, an Apply's does not (only list items do).
FieldSet FieldsOf(const json& object, bool map_markers = true);
json ToFieldsV1(const FieldSet& set);
FieldSet FromFieldsV1(const json& fields);
// ".spec.template.spec.containers[name=\"web\"].image", as conflicts name them.
std::string DescribePath(const FieldPath& path);
// The value at `path`; nullptr when absent. A trailing "." names the node.
const json* ValueAt(const json& object, const FieldPath& path);
// Removes the value at `path`; returns false when it was absent.
bool RemoveAt(json& object, const FieldPath& path);
bool HasPrefix(const FieldPath& path, const FieldPath& prefix);

}  // namespace qareports::emulator
