// The cluster of an environment as the API server has it: its kubeconfig
// context (or --kubeconfig/--context for every environment of one run), a
// session opened the first time anything asks, the Secret-backed release
// store, the Lease as the deploy lock. Talks to the API server.
#pragma once

#include <map>
#include <optional>

#include "deploy/cluster.h"
#include "release/secret_store.h"

namespace qareports::deploy {

class KubeCluster : public Cluster {
 public:
  KubeCluster(const config::Environment& env, kube::TargetRequest request, sys::Sys& sys)
      : env_(env), request_(std::move(request)), sys_(sys) {}

  const kube::TargetRequest& Request() const override { return request_; }
  Result<kube::Session*> Session() override;
  Result<release::Store*> Releases() override;
  Status EnsureNamespace() override;
  Result<std::unique_ptr<HeldLock>> Lock(const std::string& holder) override;
  Result<ApplyResult> Apply(const nlohmann::json& objects) override;
  Result<ApplyResult> PruneExcept(const nlohmann::json& objects) override;
  Result<MigrationResult> Migrate(const nlohmann::json& job, const std::string& suffix,
                                  const MigrationOptions& options) override;
  Result<rollout::TrackResult> Track(const rollout::TrackOptions& options,
                                     const std::function<void(const std::string&)>& on_line) override;

 private:
  const config::Environment& env_;
  kube::TargetRequest request_;
  sys::Sys& sys_;
  std::optional<Result<std::unique_ptr<kube::Session>>> session_;  // the first attempt's answer, kept
  std::unique_ptr<release::SecretStore> store_;
};

class KubeClusters : public Clusters {
 public:
  // `kubeconfig` and `context`: --kubeconfig and --context, empty for each
  // environment's own; a relative kubeconfig path is from `sys.cwd`.
  KubeClusters(sys::Sys& sys, std::string kubeconfig, std::string context);
  Cluster& For(const config::Environment& env) override;

 private:
  sys::Sys& sys_;
  std::string kubeconfig_, context_;
  std::map<std::string, std::unique_ptr<KubeCluster>> clusters_;
};

}  // namespace qareports::deploy
