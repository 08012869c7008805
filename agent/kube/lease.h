// A coordination.k8s.io/v1 Lease as a lock: held by one holder (a CI job URL,
// or host and pid), renewed while held, taken over only once expired,
// released at the end, or broken by a human. Writes the Lease.
#pragma once

#include <string>

#include "kube/client.h"
#include "sys/clock.h"

namespace qareports::kube {

class Lease {
 public:
  Lease(Client& client, const sys::Clock& clock, std::string namespace_, std::string name, std::string holder,
             long duration_seconds = 60)
      : client_(client), clock_(clock), ns_(std::move(namespace_)), name_(std::move(name)),
        holder_(std::move(holder)), duration_(duration_seconds) {}

  // LockHeld naming the holder and since when, when another live holder has
  // it (or won the race for it); Unavailable when the cluster refuses.
  Status Acquire();
  // Failed when the lock was lost to another holder meanwhile.
  Status Renew();
  // Gives the lock up if this job holds it.
  Status Release();
  // Clears the lock whoever holds it (for `unlock`); returns who held it.
  Result<std::string> Break();

  const std::string& holder() const { return holder_; }

 private:
  std::string Path() const;
  Result<ApiResult> Put(nlohmann::json lease);
  std::string Now() const;

  Client& client_;
  const sys::Clock& clock_;
  std::string ns_, name_, holder_;
  long duration_;
};

// "2026-11-25T00:42:02.000000Z": a Lease's MicroTime (exactly six fraction digits).
std::string MicroTime(std::chrono::system_clock::time_point t);

}  // namespace qareports::kube
