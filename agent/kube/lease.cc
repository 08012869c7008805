#include "kube/lease.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "sys/stop.h"
#include "util/json_fields.h"
#include "util/time_format.h"

namespace qareports::kube {
namespace {

constexpr long kInt32Max = std::numeric_limits<std::int32_t>::max();

std::string Holder(const nlohmann::json& lease) {
  return lease.contains("spec") ? lease["spec"].value("holderIdentity", "") : "";
}

}  // namespace

std::string MicroTime(std::chrono::system_clock::time_point t) {
  std::string s = util::Iso8601(t);  // ...:SSZ
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() % 1000000;
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(micros));
  return s.substr(0, s.size() - 1) + frac + "Z";
}

std::string Lease::Path() const {
  return "/apis/coordination.k8s.io/v1/namespaces/" + ns_ + "/leases/" + name_;
}

std::string Lease::Now() const { return MicroTime(clock_.Now()); }

ApiCall Lease::PutCall(const nlohmann::json& lease) const {
  ApiCall call;
  call.method = "PUT";
  call.path = Path();
  call.body = lease.dump();
  return call;
}

Result<ApiResult> Lease::Put(const nlohmann::json& lease) { return client_.Call(PutCall(lease)); }

Status Lease::Acquire(double wait_seconds) {
  double waited = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<ApiResult> live = client_.Call(Get(Path()));
    if (!live.ok()) return live.error();
    if (live->status == 404) {
      ApiCall create;
      create.method = "POST";
      create.path = "/apis/coordination.k8s.io/v1/namespaces/" + ns_ + "/leases";
      create.body = nlohmann::json{{"apiVersion", "coordination.k8s.io/v1"},
                                   {"kind", "Lease"},
                                   {"metadata", {{"name", name_}, {"namespace", ns_}}},
                                   {"spec",
                                    {{"holderIdentity", holder_},
                                     {"leaseDurationSeconds", duration_},
                                     {"acquireTime", Now()},
                                     {"renewTime", Now()},
                                     {"leaseTransitions", 0}}}}
                        .dump();
      Result<ApiResult> made = client_.Call(create);
      if (!made.ok()) return made.error();
      if (made->status == 409) continue;  // someone created it first: read it again
      if (!made->ok()) return Error::Unavailable("cannot create the deploy lock " + name_ + ": " + made->Message());
      return Ok();
    }
    if (!live->ok()) return Error::Unavailable("cannot read the deploy lock " + name_ + ": " + live->Message());
    nlohmann::json lease = live->json;
    const nlohmann::json& spec = lease.value("spec", nlohmann::json::object());
    std::string holder = Holder(lease);
    auto renewed = util::ParseRfc3339(spec.value("renewTime", ""));
    // int32 on the server: a value past it (or not an integer) is the default.
    long duration = util::IntegerField(spec, "leaseDurationSeconds", duration_);
    if (duration < 0 || duration > kInt32Max) duration = duration_;
    auto expires = renewed ? *renewed + std::chrono::seconds(duration) : clock_.Now();
    double left = std::chrono::duration<double>(expires - clock_.Now()).count();
    bool expired = left < 0;
    if (!holder.empty() && holder != holder_ && !expired) {
      std::string held = "the deploy lock of " + ns_ + " is held by " + holder + " since " +
                         spec.value("acquireTime", "?") + " (renewed " + spec.value("renewTime", "?") +
                         "); it expires at " + util::Iso8601(expires) + ", in " +
                         std::to_string(static_cast<long>(std::ceil(left))) + " s, unless its holder renews it";
      // A live holder renews every third of the duration: one that missed a
      // renewal and expires soon has died or is finishing, and is waited for.
      bool missed_renewal = left < static_cast<double>(duration) * 2 / 3;
      if (!missed_renewal || left + waited > wait_seconds) return Error::LockHeld(held);
      spdlog::info("{}: waiting for it", held);
      if (!clock_.SleepFor(left + 0.5)) return Error::Failed("stopped (" + sys::StopReason() + ") while waiting: " + held);
      waited += left + 0.5;
      --attempt;  // a wait is not a lost race
      continue;
    }
    if (!holder.empty() && holder != holder_) {
      spdlog::warn("taking over the deploy lock of {} from {}: it was last renewed at {} and expired at {}, so that "
                   "job died or lost the cluster; a release it left pending is resolved next",
                   ns_, holder, spec.value("renewTime", "?"), util::Iso8601(expires));
    }
    if (holder != holder_) {
      lease["spec"]["acquireTime"] = Now();
      long transitions = util::IntegerField(spec, "leaseTransitions", 0);
      lease["spec"]["leaseTransitions"] = std::clamp(transitions, 0L, kInt32Max - 1) + 1;
    }
    lease["spec"]["holderIdentity"] = holder_;
    lease["spec"]["leaseDurationSeconds"] = duration_;
    lease["spec"]["renewTime"] = Now();
    Result<ApiResult> put = Put(lease);  // carries resourceVersion: a lost race answers 409
    if (!put.ok()) return put.error();
    if (put->status == 409) continue;
    if (!put->ok()) return Error::Unavailable("cannot take the deploy lock " + name_ + ": " + put->Message());
    return Ok();
  }
  return Error::LockHeld("the deploy lock of " + ns_ + " kept changing hands; another pipeline is deploying");
}

Status Lease::Renew() {
  Result<ApiResult> live = client_.Call(Get(Path()));
  if (!live.ok()) return live.error();  // not an answer (a stop, a cluster away): not a loss
  if (live->status == 404 || (live->ok() && Holder(live->json) != holder_)) {
    std::string holder = live->ok() ? Holder(live->json) : "";
    return Error::LockHeld("the deploy lock of " + ns_ + " was lost to " +
                           (holder.empty() ? std::string("nobody (it was cleared or deleted)") : holder));
  }
  if (!live->ok()) return Error::Unavailable("cannot read the deploy lock of " + ns_ + ": " + live->Message());
  nlohmann::json lease = live->json;
  lease["spec"]["renewTime"] = Now();
  Result<ApiResult> put = Put(lease);
  if (!put.ok()) return put.error();
  if (!put->ok()) return Error::Unavailable("cannot renew the deploy lock of " + ns_ + ": " + put->Message());
  return Ok();
}

// After a stop, the call is sent twice at once, on two connections, and the
// better answer taken: a stopped job's release must not fail on one request
// that hangs. (Without a stop there is time to try again.)
Result<ApiResult> Lease::Hedged(const ApiCall& call) {
  if (!sys::StopRequested()) return client_.Call(call);
  std::vector<Result<ApiResult>> answers = client_.CallAll({call, call}, 2);
  for (Result<ApiResult>& a : answers) {
    if (a.ok() && a->ok()) return std::move(a);
  }
  for (Result<ApiResult>& a : answers) {
    if (a.ok()) return std::move(a);
  }
  return std::move(answers.front());
}

Status Lease::Release() {
  Status released = Error::Failed("not tried");
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (attempt > 0) {  // the API's own retries were spent, or a renewal raced: once more, if there is time
      if (sys::StopRequested() && sys::CleanupSecondsLeft() < 1) break;
      clock_.Pause(sys::StopRequested() ? 0.1 : 0.5);
    }
    // After a stop each request gets a third of what is left (sys::RequestSecondsAllowed): one that
    // hangs leaves time for another.
    Result<ApiResult> live = Hedged(Get(Path()));
    if (!live.ok()) {
      released = live.error();
      continue;
    }
    if (live->status == 404 || (live->ok() && Holder(live->json) != holder_)) return Ok();
    if (!live->ok()) {
      released = Error::Failed("cannot read the deploy lock of " + ns_ + ": " + live->Message());
      continue;
    }
    nlohmann::json lease = live->json;
    lease["spec"].erase("holderIdentity");
    // Both copies carry the resourceVersion read: one clears the holder, the other finds it changed (409).
    Result<ApiResult> put = Hedged(PutCall(lease));
    if (put.ok() && put->ok()) return Ok();
    released = put.ok() ? Error::Failed("cannot release the deploy lock of " + ns_ + ": " + put->Message()) : put.error();
  }
  return released;
}

Result<std::string> Lease::Break() {
  Result<ApiResult> live = client_.Call(Get(Path()));
  if (!live.ok()) return live.error();
  if (live->status == 404) return std::string();
  if (!live->ok()) return Error::Unavailable("cannot read the deploy lock " + name_ + ": " + live->Message());
  std::string holder = Holder(live->json);
  nlohmann::json lease = live->json;
  lease["spec"].erase("holderIdentity");
  Result<ApiResult> put = Put(lease);
  if (!put.ok()) return put.error();
  if (!put->ok()) return Error::Failed("cannot clear the deploy lock of " + ns_ + ": " + put->Message());
  return holder;
}

}  // namespace qareports::kube
