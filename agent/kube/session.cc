#include "kube/session.h"

#include <spdlog/spdlog.h>

namespace qareports::kube {

Result<std::unique_ptr<Session>> Session::Open(const TargetRequest& request, const std::string& namespace_,
                                               sys::Sys& sys, int max_in_flight) {
  Result<Target> target = ResolveTarget(request, sys.env, sys.fs);
  if (!target.ok()) return target.error();
  auto session = std::make_unique<Session>();
  session->target = std::move(target.value());
  session->namespace_ = namespace_;
  if (session->target.tls.insecure) {
    spdlog::warn("the kubeconfig turns TLS verification off for cluster \"{}\"", session->target.cluster_name);
  }
  session->credentials =
      std::make_unique<Credentials>(session->target, sys.runner, sys.fs, sys.clock);
  session->client = std::make_unique<Client>(session->target, sys.http, *session->credentials, sys.clock);
  session->client->concurrency().SetMax(max_in_flight);
  Result<Discovery> discovery = Discovery::Load(*session->client);
  if (!discovery.ok()) return discovery.error();
  session->discovery = std::move(discovery.value());
  spdlog::debug("context \"{}\": {} ({} resources served)", session->target.context, session->target.server,
                session->discovery.resources().size());
  return session;
}

}  // namespace qareports::kube
