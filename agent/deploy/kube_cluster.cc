#include "deploy/kube_cluster.h"

#include "kube/diagnostics.h"

namespace qareports::deploy {

Result<kube::Session*> KubeCluster::Session() {
  if (!session_) session_.emplace(kube::Session::Open(request_, env_.namespace_, sys_, env_.max_requests_in_flight));
  if (!session_->ok()) return session_->error();
  return session_->value().get();
}

Result<release::Store*> KubeCluster::Releases() {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  if (!store_) store_ = std::make_unique<release::SecretStore>(*(*session)->client, env_.namespace_, env_.name);
  return store_.get();
}

Status KubeCluster::EnsureNamespace() {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  kube::Client& client = *(*session)->client;
  Result<kube::ApiResult> ns = client.Call(kube::Get("/api/v1/namespaces/" + env_.namespace_));
  if (!ns.ok()) return ns.error();
  if (ns->ok()) return Ok();
  if (ns->status != 404) return Error::Unavailable("cannot read namespace " + env_.namespace_ + ": " + ns->Message());
  // Created bare; the apply gives it its labels.
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/api/v1/namespaces?fieldManager=qareports";
  create.body = nlohmann::json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                               {"metadata", {{"name", env_.namespace_}}}}.dump();
  Result<kube::ApiResult> made = client.Call(create);
  if (!made.ok()) return made.error();
  if (!made->ok() && made->status != 409) {
    return Error::Unavailable("cannot create namespace " + env_.namespace_ + ": " + made->Message());
  }
  return Ok();
}

Result<std::unique_ptr<HeldLock>> KubeCluster::Lock(const std::string& holder) {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  Result<std::unique_ptr<DeployLock>> lock = DeployLock::Take(**session, sys_.http, sys_.clock, holder);
  if (!lock.ok()) return lock.error();
  return std::unique_ptr<HeldLock>(std::move(lock.value()));
}

Result<ApplyResult> KubeCluster::Apply(const nlohmann::json& objects) {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  return ApplyObjects(**session, objects);
}

Result<ApplyResult> KubeCluster::PruneExcept(const nlohmann::json& objects) {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  return deploy::PruneExcept(**session, objects, env_.name);
}

Result<MigrationResult> KubeCluster::Migrate(const nlohmann::json& job, const std::string& suffix,
                                             const MigrationOptions& options) {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  return RunMigration(**session, job, suffix, sys_.clock, options);
}

Result<rollout::TrackResult> KubeCluster::Track(const rollout::TrackOptions& options,
                                                const std::function<void(const std::string&)>& on_line) {
  Result<kube::Session*> session = Session();
  if (!session.ok()) return session.error();
  kube::Client& client = *(*session)->client;
  Result<rollout::TrackResult> tracked = rollout::Track(client, sys_.clock, options, on_line);
  if (!tracked.ok() || !tracked->failure) return tracked;
  rollout::Failure& f = *tracked->failure;  // why, in the cluster's words
  if (f.pod.empty()) {
    f.evidence = "recent events:\n" + kube::EventsOf(client, env_.namespace_, "Deployment", f.workload);
  } else {
    f.evidence = "recent events:\n" + kube::EventsOf(client, env_.namespace_, "Pod", f.pod) +
                 "\nlast 50 log lines:\n" + kube::LogTail(client, env_.namespace_, f.pod, f.container);
  }
  return tracked;
}

KubeClusters::KubeClusters(sys::Sys& sys, std::string kubeconfig, std::string context)
    : sys_(sys), kubeconfig_(std::move(kubeconfig)), context_(std::move(context)) {
  if (!kubeconfig_.empty() && kubeconfig_[0] != '/') kubeconfig_ = sys_.cwd + "/" + kubeconfig_;
}

Cluster& KubeClusters::For(const config::Environment& env) {
  std::unique_ptr<KubeCluster>& cluster = clusters_[env.name];
  if (!cluster) {
    kube::TargetRequest request{kubeconfig_, context_.empty() ? env.context : context_};
    cluster = std::make_unique<KubeCluster>(env, std::move(request), sys_);
  }
  return *cluster;
}

}  // namespace qareports::deploy
