// A cluster in memory for the deploy engine's fast tests (after Helm's
// kube/fake/failing_kube_client.go): what is applied is kept by kind,
// namespace and name, the deploy lock is a holder's name, the release store
// is a MemoryStore, and every call can be made to fail, to answer as a
// failed rollout or migration would, or to stop the job. No API server:
// Session() is unavailable.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deploy/cluster.h"
#include "fakes/memory_store.h"

namespace qareports::testing {

class FakeCluster : public deploy::Cluster {
 public:
  explicit FakeCluster(std::string namespace_ = "") : namespace_(std::move(namespace_)) {}

  // What the cluster holds: "Kind namespace/name" (or "Kind name") -> object.
  std::map<std::string, nlohmann::json> live;
  std::optional<std::string> lock_holder;
  MemoryStore store;
  // Every call, in order: "EnsureNamespace", "Lock", "Apply", "Prune",
  // "Migrate", "Track", "Release".
  std::vector<std::string> calls;
  // Called at each call with its name and how many of that name came
  // before; an Error it returns is that call's answer.
  std::function<std::optional<Error>(const std::string& call, int nth)> fail =
      [](const std::string&, int) { return std::nullopt; };
  // A Track answer other than "all rolled out", by the Track call's number.
  std::function<std::optional<rollout::TrackResult>(int nth)> track = [](int) { return std::nullopt; };
  // The migration's answer; default: completed, applying one migration.
  std::function<deploy::MigrationResult()> migrate;
  bool lose_lock = false;  // the lock says it was lost to another job

  const kube::TargetRequest& Request() const override { return request_; }
  Result<kube::Session*> Session() override;
  Result<release::Store*> Releases() override;
  Status EnsureNamespace() override;
  Result<std::unique_ptr<deploy::HeldLock>> Lock(const std::string& holder) override;
  Result<deploy::ApplyResult> Apply(const nlohmann::json& objects) override;
  Result<deploy::ApplyResult> PruneExcept(const nlohmann::json& objects) override;
  Result<deploy::MigrationResult> Migrate(const nlohmann::json& job, const std::string& suffix,
                                          const deploy::MigrationOptions& options) override;
  Result<rollout::TrackResult> Track(const rollout::TrackOptions& options,
                                     const std::function<void(const std::string&)>& on_line) override;

  // Starts counting calls afresh (for `fail` and `track`).
  void ForgetCalls() {
    calls.clear();
    counts_.clear();
  }
  // The image of each Deployment's first container, by name.
  std::map<std::string, std::string> Images() const;

 private:
  std::optional<Error> Called(const std::string& call);

  std::string namespace_;
  kube::TargetRequest request_;
  std::map<std::string, int> counts_;
};

class FakeClusters : public deploy::Clusters {
 public:
  deploy::Cluster& For(const config::Environment& env) override;
  FakeCluster& Of(const std::string& env) { return clusters_.at(env); }

 private:
  std::map<std::string, FakeCluster> clusters_;
};

}  // namespace qareports::testing
