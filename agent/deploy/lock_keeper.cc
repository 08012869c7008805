#include "deploy/lock_keeper.h"

#include <spdlog/spdlog.h>

#include "kube/lease.h"

namespace qareports::deploy {

LockKeeper::LockKeeper(kube::Session& session, sys::HttpClient& http, const sys::Clock& clock, std::string name,
                       std::string holder, long duration_seconds)
    : session_(session), http_(http.Fork()), clock_(clock), name_(std::move(name)), holder_(std::move(holder)),
      duration_(duration_seconds) {
  thread_ = std::thread([this] { Loop(); });
}

LockKeeper::~LockKeeper() { Stop(); }

void LockKeeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LockKeeper::Loop() {
  kube::Client client(session_.target, *http_, *session_.credentials, clock_);
  kube::DeployLock lock(client, clock_, session_.namespace_, name_, holder_, duration_);
  auto every = std::chrono::milliseconds(duration_ * 1000 / 3);
  std::unique_lock<std::mutex> guard(mu_);
  while (!wake_.wait_for(guard, every, [this] { return stopping_; })) {
    guard.unlock();
    Status renewed = lock.Renew();
    guard.lock();
    if (renewed.ok()) continue;
    spdlog::warn("{}", renewed.error().message);
    if (renewed.error().kind == ErrorKind::kFailed) {
      reason_ = renewed.error().message;
      lost_.store(true);
      return;
    }
  }
}

}  // namespace qareports::deploy
