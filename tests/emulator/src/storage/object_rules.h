// What the API server does to every object it stores, beyond storage:
// identity (uid, creationTimestamp, generation), kind-specific
// preparation (Secret stringData, Service clusterIP, Job selector),
// validation (422 Invalid) and immutable fields. Pure apart from the
// clusterIP counter.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "storage/resource_table.h"

namespace qareports::emulator {

using json = nlohmann::json;

// Fills identity and kind-specific fields of a new object and defaults it.
// Throws ApiError (422) when invalid.
void PrepareCreate(const ResourceInfo& info, json& object, const std::string& now);
// Carries identity over from `old`, keeps status (or only status, when
// `status_only`), defaults, validates, checks immutable fields and bumps
// the generation. Throws ApiError (422) when invalid.
void PrepareUpdate(const ResourceInfo& info, const json& old, json& object, bool status_only);
// Defaults and canonicalises; throws 422 for a malformed quantity.
void DefaultObject(const ResourceInfo& info, json& object);

}  // namespace qareports::emulator
