// Release records kept in the cluster, Helm-style: one Secret per release
// (type qareports.linaro.org/release.v1) in the environment's namespace,
// labelled with environment, status and number. Its `release` key holds the
// record as JSON, its `manifests` key the rendered objects as gzipped JSON.
// Reads and writes Secrets through the API client.
#pragma once

#include "kube/client.h"
#include "release/store.h"

namespace qareports::release {

inline constexpr const char* kSecretType = "qareports.linaro.org/release.v1";

class SecretStore : public Store {
 public:
  SecretStore(kube::Client& client, std::string namespace_, std::string environment)
      : client_(client), ns_(std::move(namespace_)), environment_(std::move(environment)) {}

  Result<std::vector<Release>> List() override;
  Status Put(const Release& release) override;
  Status SetState(int number, State state) override;
  Status Update(int number, const std::function<void(Release&)>& change) override;
  Status Delete(int number) override;

 private:
  std::string Path(int number) const;
  Status Patch(int number, const nlohmann::json& patch, const std::string& what);

  kube::Client& client_;
  std::string ns_, environment_;
};

}  // namespace qareports::release
