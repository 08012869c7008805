// A plan: for every rendered object, what server-side apply would do to the
// live cluster (asked of the server itself with dryRun=All: created, changed
// field by field, unchanged), and which live objects carrying this
// environment's labels git no longer has (to prune). Reads the cluster;
// changes nothing.
#pragma once

#include <functional>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kube/session.h"
#include "manifest/renderer.h"
#include "plan/diff.h"

namespace qareports::plan {

inline constexpr const char* kFieldManager = "qareports";

enum class Action { kCreate, kUpdate, kUnchanged, kPrune };
std::string ActionName(Action action);

// What changes in one object, within plan/diff.h's bounds.
struct Changes {
  std::vector<Change> shown;
  size_t more = 0;  // left out
};

// One object of a plan, compact: a plan of 20,000 objects holds 20,000 of
// these, and the differences of the changed ones only.
struct Entry {
  Action action = Action::kUnchanged;
  uint16_t kind = 0;        // in Plan::kinds
  uint16_t file = 0;        // in Plan::files
  uint32_t namespace_ = 0;  // in Plan::namespaces ("" for cluster-scoped objects)
  uint32_t line = 0;        // 0 for objects to prune
  uint32_t object = 0;      // in the render's StoredObjects
  std::string name;
  std::unique_ptr<Changes> changes;  // of an object to change only
};

struct Plan {
  std::vector<kube::ResourceInfo> kinds;  // without their verbs
  std::vector<std::string> namespaces;
  std::vector<std::string> files;
  std::vector<Entry> entries;

  // A new entry, its kind and namespace interned.
  Entry& Add(const kube::ResourceInfo& resource, const std::string& ns, std::string name);
  const kube::ResourceInfo& Resource(const Entry& e) const { return kinds[e.kind]; }
  const std::string& Namespace(const Entry& e) const { return namespaces[e.namespace_]; }
  std::string Title(const Entry& e) const;   // "Deployment qareports-staging/web"
  std::string Source(const Entry& e) const;  // file:line, empty for objects to prune
  bool Secret(const Entry& e) const { return Resource(e).kind == "Secret"; }
  // Its changes, a line each (plan/diff.h's Describe); none unless it is to change.
  std::vector<std::string> Describe(const Entry& e) const;

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

// Told of each entry as soon as its action is known, in an order that the
// same objects always get: the namespaces, then each batch as it is compared
// (a kind listed from the cluster, or up to 256 objects read one by one), in
// the order of the manifests within it, then the prunes.
using Found = std::function<void(const Plan&, const Entry&)>;

// InvalidInput when a kind is not served or the server rejects an object
// (naming it); Unavailable when the cluster cannot be read.
Result<Plan> MakePlan(kube::Session& session, const manifest::StoredObjects& rendered, const std::string& environment,
                      const Found& found = {});

}  // namespace qareports::plan
