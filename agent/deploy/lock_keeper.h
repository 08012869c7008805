// Keeps a held deploy lock alive: renews the Lease on its own thread (with
// its own HTTP client) a few times per lease duration until stopped, and
// remembers whether the lock was lost meanwhile. Writes the Lease.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kube/session.h"
#include "sys/clock.h"

namespace qareports::deploy {

class LockKeeper {
 public:
  LockKeeper(kube::Session& session, sys::HttpClient& http, const sys::Clock& clock, std::string name,
             std::string holder, long duration_seconds);
  ~LockKeeper();  // stops renewing

  void Stop();
  bool lost() const { return lost_.load(); }
  const std::string& lost_reason() const { return reason_; }

 private:
  void Loop();

  kube::Session& session_;
  std::unique_ptr<sys::HttpClient> http_;
  const sys::Clock& clock_;
  std::string name_, holder_;
  long duration_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> lost_{false};
  std::string reason_;
  std::thread thread_;
};

}  // namespace qareports::deploy
