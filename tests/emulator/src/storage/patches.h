// The non-apply PATCH flavours: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902) and Kubernetes' strategic merge patch (lists merged by their
// patch merge keys, $patch, $setElementOrder, $deleteFromPrimitiveList,
// $retainKeys). Pure functions; they throw ApiError on a bad patch.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

using json = nlohmann::json;

json ApplyMergePatch(const json& original, const json& patch);
json ApplyJsonPatch(const json& original, const json& patch);
json ApplyStrategicMergePatch(const json& original, const json& patch);

}  // namespace qareports::emulator
