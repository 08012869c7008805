// Which cluster to talk to, and as whom, read as kubectl reads it: the files
// of --kubeconfig, or KUBECONFIG (several, merged: the first definition of a
// name wins, missing files skipped), or ~/.kube/config; else the in-cluster
// service account. The context is never silently replaced by another.
// Reads files and the environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sys/environment.h"
#include "sys/file_system.h"
#include "sys/http_client.h"
#include "util/result.h"

namespace qareports::kube {

struct ExecPlugin {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  bool provide_cluster_info = false;
  std::string install_hint;
};

struct Target {
  std::string context;  // as named in the kubeconfig; "in-cluster" for the service account
  std::string cluster_name;
  std::string user_name;
  std::string server;    // https://host:port, no trailing slash
  std::string namespace_;  // the context's namespace, empty when it names none
  sys::TlsOptions tls;   // CA, client certificate, insecure
  std::string ca_data_base64;  // for an exec plugin's cluster info
  std::string token;       // static bearer token
  std::string token_file;  // re-read bearer token (tokenFile, in-cluster)
  std::optional<ExecPlugin> exec;
  std::string source;      // the files it came from, for messages
};

struct TargetRequest {
  std::string kubeconfig;  // --kubeconfig, empty: KUBECONFIG or ~/.kube/config
  std::string context;     // --context, else the environment's
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

// InvalidInput (file:line) for a malformed kubeconfig, a missing context
// (naming the context and the files), or unreadable referenced files;
// Unavailable when there is no kubeconfig and no in-cluster account.
Result<Target> ResolveTarget(const TargetRequest& request, const sys::Environment& env, const sys::FileSystem& fs);

}  // namespace qareports::kube
