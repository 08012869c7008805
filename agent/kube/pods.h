// The pods an operator means by a name: the pod of that name, or else the
// pods of the workload (Deployment) of that name, found by its selector.
// Reads the cluster.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "kube/client.h"

namespace qareports::kube {

// Failed when neither a pod nor a workload has that name; Unavailable when
// the cluster cannot be read.
Result<std::vector<nlohmann::json>> PodsOf(Client& client, const std::string& ns, const std::string& name);

// "k1%3Dv1%2Ck2%3Dv2": a label selector for a query string.
std::string SelectorQuery(const nlohmann::json& match_labels);

bool PodReady(const nlohmann::json& pod);

// The pod spec of a workload's template; an empty object when it has none.
const nlohmann::json& PodSpecOf(const nlohmann::json& workload);

}  // namespace qareports::kube
