// What differs between a live object and what applying would make of it:
// server-owned fields (managedFields, resourceVersion, uid, timestamps,
// status...) ignored, lists of named items matched by name, each change a
// dotted path with its old and new value. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace qareports::plan {

struct Change {
  std::string path;        // "spec.template.spec.containers[name=web].image"
  nlohmann::json before;   // null when absent
  nlohmann::json after;    // null when removed
};

// The object without what the server owns.
nlohmann::json Normalize(const nlohmann::json& object);

// The changes from `live` to `merged` (both normalized first).
std::vector<Change> Diff(const nlohmann::json& live, const nlohmann::json& merged);

// One line per change; a Secret's data values are never shown, only that
// the key was added, changed or removed.
std::vector<std::string> Describe(const std::vector<Change>& changes, bool secret);

}  // namespace qareports::plan
