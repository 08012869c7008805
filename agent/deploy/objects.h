// Questions about a release's rendered objects: which Deployments roll out
// in the environment's namespace, which SQUAD version they run, and the same
// objects moved to another SQUAD version (what `upgrade` changes). Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace qareports::deploy {

// The names of the Deployments among `objects` in namespace `ns`.
std::vector<std::string> Workloads(const nlohmann::json& objects, const std::string& ns);

// `objects` with every container and init container running `squad_image`
// (any tag) moved to `squad_image:version`; nothing else changes.
nlohmann::json WithSquadVersion(nlohmann::json objects, const std::string& squad_image, const std::string& version);

}  // namespace qareports::deploy
