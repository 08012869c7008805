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

// Written by a restore on every object it applies (deploy::Restamped), so
// that its write changes each object and a stopped job's write that reaches
// the server late is refused; not a difference between releases.
inline constexpr const char* kRestoredAnnotation = "qareports.linaro.org/restored";

// The object without what the server owns, and without kRestoredAnnotation.
nlohmann::json Normalize(const nlohmann::json& object);

// What one object's changes may hold, so that a plan or a drift report of
// thousands of changed objects stays bounded: the changes beyond the first
// kMaxChanges are only counted, and a value whose text is longer than
// kMaxValueBytes keeps its beginning and says how much is left out.
inline constexpr size_t kMaxChanges = 100;
inline constexpr size_t kMaxValueBytes = 512;

// The changes from `live` to `merged` (both normalized first); `more`, when
// given, counts those left out.
std::vector<Change> Diff(const nlohmann::json& live, const nlohmann::json& merged, size_t* more = nullptr);

// One line per change, and one for the changes left out; a Secret's data
// values are never shown, only that the key was added, changed or removed.
std::vector<std::string> Describe(const std::vector<Change>& changes, bool secret, size_t more = 0);

}  // namespace qareports::plan
