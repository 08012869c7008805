// meta.k8s.io/v1 Table responses, which `kubectl get` asks for: the
// columns a real server prints for each kind (NAME, READY, STATUS, AGE...)
// with ages computed on the simulated clock. Pure.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/resource_table.h"
#include "controllers/sim_clock.h"

namespace qareports::emulator {

using json = nlohmann::json;

// True when the Accept header asks for a Table.
bool WantsTable(const std::string& accept);
// A Table of `objects` (served versions). `list_meta` becomes its metadata.
// Each row's object is as the includeObject parameter asks: "Object" the
// whole object, "None" nothing, else (Metadata) PartialObjectMetadata.
json ToTable(const ResourceInfo& info, const std::vector<json>& objects, const json& list_meta,
             SimTime now, const std::string& include_object);
// Kubernetes' human-readable duration ("5s", "3m2s", "4h", "2d3h").
std::string HumanDuration(std::chrono::seconds d);

}  // namespace qareports::emulator
