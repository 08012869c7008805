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

  // LockHeld naming the holder, since when and when the lock expires, when
  // another live holder has it (or won the race for it); Unavailable when
  // the cluster refuses. A lock whose holder missed a renewal and that
  // expires within `wait_seconds` (its holder died or is finishing) is
  // waited for, interruptibly; an expired one is taken over, and the
  // takeover logged.
  Status Acquire(double wait_seconds = 0);
  // LockHeld when the lock was lost meanwhile (another holder has it, or it
  // was cleared); any other error is a renewal that did not happen this
  // time (the cluster away, the job stopped), not a loss.
  Status Renew();
  // Gives the lock up if this job holds it; a lost race (409) or a
  // transient failure is tried again, within a stopped job's cleanup time,
  // where each request is sent twice at once (one that hangs does not fail
  // the release).
  Status Release();
  // Clears the lock whoever holds it (for `unlock`); returns who held it.
  Result<std::string> Break();

  const std::string& holder() const { return holder_; }

 private:
  std::string Path() const;
  ApiCall PutCall(const nlohmann::json& lease) const;
  Result<ApiResult> Put(const nlohmann::json& lease);
  Result<ApiResult> Hedged(const ApiCall& call);
  std::string Now() const;

  Client& client_;
  const sys::Clock& clock_;
  std::string ns_, name_, holder_;
  long duration_;
};

// "2026-11-25T00:42:02.000000Z": a Lease's MicroTime (exactly six fraction digits).
std::string MicroTime(std::chrono::system_clock::time_point t);

}  // namespace qareports::kube
