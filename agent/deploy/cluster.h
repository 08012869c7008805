// What the deploy engine asks of an environment's cluster (after Helm's
// kube.Interface): its namespace made, the deploy lock, server-side apply
// and prune, the migration Job, rollout tracking, the release records, and
// the API session for commands that read it directly. The real one is
// deploy/kube_cluster.h; tests hand one that can fail any call
// (tests/fakes/fake_cluster.h). Commands are given a Clusters and ask it for
// the cluster of each environment they read.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "deploy/applier.h"
#include "deploy/deploy_lock.h"
#include "deploy/migration.h"
#include "kube/session.h"
#include "release/store.h"
#include "rollout/tracker.h"

namespace qareports::deploy {

class Cluster {
 public:
  virtual ~Cluster() = default;

  // The kubeconfig (empty: kubectl's default) and context it is reached by.
  virtual const kube::TargetRequest& Request() const = 0;
  // The API session, opened the first time it is asked for. InvalidInput for
  // a bad kubeconfig or context; Unavailable when the cluster cannot be read.
  virtual Result<kube::Session*> Session() = 0;
  // The environment's release records. Errors as Session.
  virtual Result<release::Store*> Releases() = 0;
  // Creates the environment's namespace when it is missing (the lock and the
  // records live there). Unavailable when it cannot.
  virtual Status EnsureNamespace() = 0;
  // Takes the deploy lock for `holder`: LockHeld naming the holder when
  // another job has it; Unavailable when the cluster refuses.
  virtual Result<std::unique_ptr<HeldLock>> Lock(const std::string& holder) = 0;
  // Server-side applies every object (deploy/applier.h).
  virtual Result<ApplyResult> Apply(const nlohmann::json& objects) = 0;
  // Deletes the environment's live objects that `objects` do not name.
  virtual Result<ApplyResult> PruneExcept(const nlohmann::json& objects) = 0;
  // Runs the migration Job (deploy/migration.h).
  virtual Result<MigrationResult> Migrate(const nlohmann::json& job, const std::string& suffix,
                                          const MigrationOptions& options) = 0;
  // Watches the rollouts (rollout/tracker.h).
  virtual Result<rollout::TrackResult> Track(const rollout::TrackOptions& options,
                                             const std::function<void(const std::string&)>& on_line) = 0;
};

// The cluster of each environment a command reads, opened lazily and once.
class Clusters {
 public:
  virtual ~Clusters() = default;
  virtual Cluster& For(const config::Environment& env) = 0;
};

}  // namespace qareports::deploy
