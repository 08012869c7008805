// An open way into one environment's cluster for the length of a command:
// the target (kubeconfig, or --kubeconfig/--context for one run), its
// credentials, the API client and the server's discovery. Talks to the
// cluster once, for discovery.
#pragma once

#include <memory>

#include "sys/sys.h"
#include "kube/client.h"
#include "kube/discovery.h"

namespace qareports::kube {

struct Session {
  Target target;
  std::string namespace_;  // the environment's namespace
  std::unique_ptr<Credentials> credentials;
  std::unique_ptr<Client> client;
  Discovery discovery;

  // InvalidInput for a bad kubeconfig or missing context; Unavailable when
  // the cluster cannot be reached or read. At most `max_in_flight` requests
  // at once (kube/concurrency.h).
  static Result<std::unique_ptr<Session>> Open(const TargetRequest& request, const std::string& namespace_,
                                               sys::Sys& sys, int max_in_flight = Concurrency::kDefaultMax);
};

}  // namespace qareports::kube
