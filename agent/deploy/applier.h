// Puts rendered objects into the cluster by server-side apply (field
// manager qareports, taking over fields others changed by hand: git wins),
// namespaces first, and deletes the objects of this environment that the
// objects no longer name (prune). Each object that exists is applied or
// deleted at the resourceVersion read just before, so that a write reaching
// the server after another (a stopped job's, given up on) is refused rather
// than undo it. Writes the cluster.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "kube/session.h"

namespace qareports::deploy {

struct ObjectResult {
  std::string title;   // "Deployment qareports-staging/web"
  std::string action;  // created, configured, pruned
  std::string error;   // empty when it worked
};

struct ApplyResult {
  std::vector<ObjectResult> objects;
  bool ok() const;
};

// Every object is tried; an object the cluster refuses is an error in the
// result. Unavailable when the cluster cannot be reached.
Result<ApplyResult> ApplyObjects(kube::Session& session, const std::vector<nlohmann::json>& objects);

// Deletes the live objects carrying `environment`'s labels that `objects`
// do not name; one already gone is pruned all the same.
Result<ApplyResult> PruneExcept(kube::Session& session, const std::vector<nlohmann::json>& objects,
                                const std::string& environment);

}  // namespace qareports::deploy
