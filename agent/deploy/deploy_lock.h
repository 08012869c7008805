// One deploy at a time per environment: the Lease `qareports-deploy` in the
// environment's namespace (kube/lease.h), taken by a job, renewed on a thread
// of its own (with its own HTTP client) a few times per lease duration while
// the job runs, and released when the job ends, whatever the path. Writes
// the Lease.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kube/lease.h"
#include "kube/session.h"

namespace qareports::deploy {

// The Lease every deploy of an environment takes, and `unlock` breaks.
inline constexpr const char* kDeployLockName = "qareports-deploy";
inline constexpr long kDeployLockSeconds = 60;
// A lock that expires sooner than this (its holder died, or is finishing) is waited for.
inline constexpr double kDeployLockWaitSeconds = 15;

// A held deploy lock, as the deploy engine sees it (deploy/cluster.h).
class HeldLock {
 public:
  virtual ~HeldLock() = default;
  // Why the lock was lost to another job meanwhile; nullopt while it is held.
  virtual std::optional<std::string> Lost() const = 0;
  // Stops renewing and gives the lock up. Unavailable when the cluster
  // refused: the lock then stays held until it expires.
  virtual Status Release() = 0;
};

class DeployLock : public HeldLock {
 public:
  // Takes the lock for `holder`. LockHeld naming the holder when another
  // live job has it; Unavailable when the cluster refuses.
  static Result<std::unique_ptr<DeployLock>> Take(kube::Session& session, sys::HttpClient& http,
                                                  const sys::Clock& clock, const std::string& holder,
                                                  long duration_seconds = kDeployLockSeconds);
  ~DeployLock() override;  // stops renewing (and releases, if Release was not called)

  std::optional<std::string> Lost() const override;
  Status Release() override;

 private:
  DeployLock(kube::Session& session, sys::HttpClient& http, const sys::Clock& clock, std::string holder,
             long duration_seconds);
  void Renew();
  void StopRenewing();

  kube::Session& session_;
  const sys::Clock& clock_;
  std::string holder_;
  long duration_;
  kube::Lease lease_;  // on the job's client: taken and released
  std::unique_ptr<sys::HttpClient> renew_http_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false, released_ = false;
  std::atomic<bool> lost_{false};
  std::string lost_reason_;
  std::thread renewer_;
};

}  // namespace qareports::deploy
