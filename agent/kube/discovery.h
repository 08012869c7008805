// What the API server serves: each apiVersion/kind mapped to its resource
// path and scope, read once per invocation (aggregated discovery when the
// server offers it, else the legacy group-by-group documents). Talks to the
// cluster through Client.
#pragma once

#include <string>
#include <vector>

#include "kube/client.h"

namespace qareports::kube {

struct ResourceInfo {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;
  std::string resource;  // plural, lower-case
  bool namespaced = true;
  std::vector<std::string> verbs;

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  // "/api/v1/namespaces/ns/configmaps" or "/apis/apps/v1/deployments" (ns empty).
  std::string CollectionPath(const std::string& ns) const;
  std::string ObjectPath(const std::string& ns, const std::string& name) const;
};

class Discovery {
 public:
  // Unavailable when discovery cannot be read.
  static Result<Discovery> Load(Client& client);
  static Discovery FromResources(std::vector<ResourceInfo> resources);

  // InvalidInput when the server does not serve this apiVersion and kind.
  Result<ResourceInfo> Find(const std::string& api_version, const std::string& kind) const;
  const std::vector<ResourceInfo>& resources() const { return resources_; }

 private:
  std::vector<ResourceInfo> resources_;
};

}  // namespace qareports::kube
