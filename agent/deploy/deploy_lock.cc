#include "deploy/deploy_lock.h"

#include <spdlog/spdlog.h>

#include "sys/stop.h"

namespace qareports::deploy {

DeployLock::DeployLock(kube::Session& session, sys::HttpClient& http, const sys::Clock& clock, std::string holder,
                       long duration_seconds)
    : session_(session), clock_(clock), holder_(std::move(holder)), duration_(duration_seconds),
      lease_(*session.client, clock, session.namespace_, kDeployLockName, holder_, duration_seconds),
      renew_http_(http.Fork()) {}

Result<std::unique_ptr<DeployLock>> DeployLock::Take(kube::Session& session, sys::HttpClient& http,
                                                     const sys::Clock& clock, const std::string& holder,
                                                     long duration_seconds) {
  std::unique_ptr<DeployLock> lock(new DeployLock(session, http, clock, holder, duration_seconds));
  if (Status taken = lock->lease_.Acquire(kDeployLockWaitSeconds); !taken.ok()) {
    lock->released_ = true;
    // A write cut short by a stop may still have been made: give up what may be ours.
    if (sys::StopRequested() && taken.error().kind != ErrorKind::kLockHeld) {
      sys::FinalCleanup();
      (void)lock->lease_.Release();  // releases only a lock this job holds
    }
    return taken.error();
  }
  lock->renewer_ = std::thread([raw = lock.get()] { raw->Renew(); });
  return lock;
}

DeployLock::~DeployLock() {
  if (released_) {
    StopRenewing();
    return;
  }
  if (Status s = Release(); !s.ok()) {
    spdlog::error("could not release the deploy lock: {}; it expires {} s after its last renewal", s.error().message,
                  duration_);
  }
}

std::optional<std::string> DeployLock::Lost() const {
  if (!lost_.load()) return std::nullopt;
  return lost_reason_;
}

void DeployLock::StopRenewing() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
}

Status DeployLock::Release() {
  StopRenewing();
  released_ = true;
  if (lost_.load()) return Ok();  // another job holds it now: not ours to give up
  return lease_.Release();
}

void DeployLock::Renew() {
  kube::Client client(session_.target, *renew_http_, *session_.credentials, clock_);
  kube::Lease lease(client, clock_, session_.namespace_, kDeployLockName, holder_, duration_);
  auto every = std::chrono::milliseconds(duration_ * 1000 / 3);
  std::unique_lock<std::mutex> guard(mu_);
  while (!wake_.wait_for(guard, every, [this] { return stopping_; })) {
    guard.unlock();
    Status renewed = lease.Renew();
    guard.lock();
    if (renewed.ok()) continue;
    spdlog::warn("{}", renewed.error().message);
    if (renewed.error().kind == ErrorKind::kLockHeld) {  // another job took it, or a human cleared it
      lost_reason_ = renewed.error().message;
      lost_.store(true);
      return;
    }
  }
}

}  // namespace qareports::deploy
