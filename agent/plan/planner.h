// A plan: for every rendered object, what server-side apply would do to the
// live cluster (asked of the server itself with dryRun=All: created, changed
// field by field, unchanged), and which live objects carrying this
// environment's labels git no longer has (to prune). Reads the cluster;
// changes nothing.
#pragma once

#include <string>
#include <vector>

#include "kube/session.h"
#include "manifest/renderer.h"
#include "plan/diff.h"

namespace qareports::plan {

inline constexpr const char* kFieldManager = "qareports";

enum class Action { kCreate, kUpdate, kUnchanged, kPrune };
std::string ActionName(Action action);

struct Entry {
  Action action = Action::kUnchanged;
  kube::ResourceInfo resource;
  std::string namespace_;
  std::string name;
  std::string source;          // file:line, empty for objects to prune
  std::string desired;         // the rendered object as compact JSON (empty for prune); freed once compared
  nlohmann::json live;         // for objects to prune; null otherwise (freed once compared)
  std::vector<Change> changes;

  std::string Title() const;  // "Deployment qareports-staging/web"
  bool secret() const { return resource.kind == "Secret"; }
};

struct Plan {
  std::vector<Entry> entries;
  int Count(Action action) const;
  bool HasChanges() const { return Count(Action::kCreate) + Count(Action::kUpdate) + Count(Action::kPrune) > 0; }
  std::string Summary() const;
};

// The selector of every object qareports manages for `environment`.
std::string ManagedSelector(const std::string& environment);

// Adds to `plan` an entry to prune for every live object carrying this
// environment's labels that the plan's entries do not name. Unavailable
// when the cluster cannot be read.
Status AddPrunes(kube::Session& session, const std::string& environment, Plan& plan);

// InvalidInput when a kind is not served or the server rejects an object
// (naming it); Unavailable when the cluster cannot be read.
Result<Plan> MakePlan(kube::Session& session, manifest::Rendered rendered, const std::string& environment);

}  // namespace qareports::plan
