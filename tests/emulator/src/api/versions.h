// How a stored object looks through one served version: apiVersion and
// kind set, and HorizontalPodAutoscalers converted between autoscaling/v1
// (targetCPUUtilizationPercentage) and the stored autoscaling/v2 form.
#pragma once
#include <nlohmann/json.hpp>

#include "storage/resource_table.h"

namespace qareports::emulator {

using json = nlohmann::json;

json ToServedVersion(const ResourceInfo& info, json stored);
json ToStoredVersion(const ResourceInfo& info, json served);

}  // namespace qareports::emulator
