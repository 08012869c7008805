// The bearer token for the API server: a static token, a token file re-read
// every minute (in-cluster accounts rotate theirs), or an exec credential
// plugin (EKS's `aws eks get-token`) whose token is cached until it expires
// and renewed after a 401. Runs the plugin; reads files.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "kube/kubeconfig.h"
#include "sys/clock.h"
#include "sys/process_runner.h"

namespace qareports::kube {

class Credentials {
 public:
  Credentials(const Target& target, sys::ProcessRunner& runner, const sys::FileSystem& fs, const sys::Clock& clock)
      : target_(target), runner_(runner), fs_(fs), clock_(clock) {}

  // The token to send, empty when the target has none. Unavailable when the
  // exec plugin cannot run or answers nonsense (naming its command).
  Result<std::string> Token();
  // Forgets a cached token, after the server answered 401.
  void Invalidate() {
    std::lock_guard<std::mutex> lock(mu_);
    expires_ = {};
    read_at_ = -1e18;
  }

 private:
  Result<std::string> RunPlugin();

  const Target& target_;
  sys::ProcessRunner& runner_;
  const sys::FileSystem& fs_;
  const sys::Clock& clock_;
  std::string cached_;
  std::chrono::system_clock::time_point expires_{};
  double read_at_ = -1e18;
  std::mutex mu_;  // several threads (log follows, rollout watches) share one token
};

}  // namespace qareports::kube
