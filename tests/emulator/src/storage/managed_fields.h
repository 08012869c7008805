// managedFields: who owns which fields of an object. Server-side apply
// (with conflicts, force, and removal of fields a manager stops applying)
// and the ownership bookkeeping of ordinary updates. Pure functions.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api_error.h"
#include "storage/field_set.h"

namespace qareports::emulator {

struct ManagedEntry {
  std::string manager;
  std::string operation;  // Apply | Update
  std::string api_version;
  std::string time;
  std::string subresource;
  FieldSet fields;
};

std::vector<ManagedEntry> ReadManaged(const json& object);
void WriteManaged(json& object, const std::vector<ManagedEntry>& entries);

struct ApplyRequest {
  std::string manager;
  bool force = false;
  std::string api_version;
  std::string now;  // metav1.Time of the write
};

// Merges `applied` into `live` (nullptr: a new object) as server-side
// apply does. `applied_defaulted` is `applied` after server defaulting, used
// to compare values. Throws ApiError 409 (Conflict, causes) on conflicts
// unless forced.
json ServerSideApply(const json* live, const json& applied, const json& applied_defaulted,
                     const ApplyRequest& req);

// Records an ordinary write (create, update, patch) by `manager`: it takes
// ownership of every field it changed. `old_object` is null on create.
void RecordUpdate(const json& old_object, json& new_object, const std::string& manager,
                  const std::string& api_version, const std::string& now,
                  const std::string& subresource = "");

// Merges an applied configuration into an object (keyed lists by key).
void MergeApplied(json& target, const json& applied, const std::string& field);

}  // namespace qareports::emulator
