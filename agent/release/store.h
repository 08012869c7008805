// Release records kept in the cluster, Helm-style: one Secret per release
// (type qareports.linaro.org/release.v1) in the environment's namespace,
// labelled with environment, status and number; only the newest N kept.
// Its `release` key holds the record as JSON, its `manifests` key the
// rendered objects as gzipped JSON.
// Reads and writes Secrets through the API client.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "kube/client.h"
#include "release/release.h"

namespace qareports::release {

inline constexpr const char* kSecretType = "qareports.linaro.org/release.v1";

class Store {
 public:
  Store(kube::Client& client, std::string namespace_, std::string environment, int keep = 10)
      : client_(client), ns_(std::move(namespace_)), environment_(std::move(environment)), keep_(keep) {}

  // Every release of the environment, newest first. Unavailable when the
  // cluster cannot be read.
  Result<std::vector<Release>> List();
  // The newest release with status deployed; nullopt when there is none.
  Result<std::optional<Release>> LastGood();
  // Records a new release numbered after the newest; returns its number.
  Result<int> Create(Release release);
  // Changes a recorded release's state.
  Status SetState(int number, State state);
  // Records the migrations a release's migration Job applied.
  Status SetMigrations(int number, const std::vector<std::string>& migrations);
  // Changes a recorded release's own fields (not its state, not its manifests).
  Status Update(int number, const std::function<void(Release&)>& change);
  // Deletes all but the newest `keep` releases.
  Status Prune();

 private:
  std::string Name(int number) const;

  kube::Client& client_;
  std::string ns_, environment_;
  int keep_;
};

}  // namespace qareports::release
