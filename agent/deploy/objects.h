// Questions about a release's rendered objects: which Deployments roll out
// in the environment's namespace, which SQUAD version they run, and the same
// objects moved to another SQUAD version (what `upgrade` changes), and what
// a release changes over the one before. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace qareports::deploy {

// The names of the Deployments among `objects` in namespace `ns`.
std::vector<std::string> Workloads(const nlohmann::json& objects, const std::string& ns);

// `objects` with every container and init container running `squad_image`
// (any tag) moved to `squad_image:version`; nothing else changes.
nlohmann::json WithSquadVersion(nlohmann::json objects, const std::string& squad_image, const std::string& version);

// `objects` with plan::kRestoredAnnotation set to `stamp` on each: a restore
// applies them so, and so changes every object it writes (a new
// resourceVersion), even one the failed release never reached. A write of
// that release the server makes late carries the resourceVersion from
// before, and is refused (409), instead of landing on the restored release.
nlohmann::json Restamped(nlohmann::json objects, const std::string& stamp);

// "Deployment qareports-staging/web": an object as reports name it.
std::string ObjectTitle(const nlohmann::json& object);

// What deploying `after` over `before` (the last good release's objects; null
// for none) does to each object, by title: "create", "change", "unchanged",
// or "prune" for one only `before` has.
std::map<std::string, std::string> ChangesSince(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace qareports::deploy
