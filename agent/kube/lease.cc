#include "kube/lease.h"

#include <cstdio>

#include "util/time_format.h"

namespace qareports::kube {
namespace {

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

Result<ApiResult> Lease::Put(nlohmann::json lease) {
  ApiCall call;
  call.method = "PUT";
  call.path = Path();
  call.body = lease.dump();
  return client_.Call(call);
}

Status Lease::Acquire() {
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
    long duration = spec.value("leaseDurationSeconds", duration_);
    bool expired = !renewed || clock_.Now() > *renewed + std::chrono::seconds(duration);
    if (!holder.empty() && holder != holder_ && !expired) {
      return Error::LockHeld("the deploy lock of " + ns_ + " is held by " + holder + " since " +
                             spec.value("acquireTime", "?") + " (renewed " + spec.value("renewTime", "?") + ")");
    }
    if (holder != holder_) {
      lease["spec"]["acquireTime"] = Now();
      lease["spec"]["leaseTransitions"] = spec.value("leaseTransitions", 0) + 1;
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
  if (!live.ok()) return live.error();
  if (!live->ok() || Holder(live->json) != holder_) {
    return Error::Failed("the deploy lock of " + ns_ + " was lost to " + (live->ok() ? Holder(live->json) : "nobody"));
  }
  nlohmann::json lease = live->json;
  lease["spec"]["renewTime"] = Now();
  Result<ApiResult> put = Put(lease);
  if (!put.ok()) return put.error();
  if (!put->ok()) return Error::Failed("cannot renew the deploy lock of " + ns_ + ": " + put->Message());
  return Ok();
}

Status Lease::Release() {
  Result<ApiResult> live = client_.Call(Get(Path()));
  if (!live.ok()) return live.error();
  if (!live->ok() || Holder(live->json) != holder_) return Ok();
  nlohmann::json lease = live->json;
  lease["spec"].erase("holderIdentity");
  Result<ApiResult> put = Put(lease);
  if (!put.ok()) return put.error();
  if (!put->ok()) return Error::Failed("cannot release the deploy lock of " + ns_ + ": " + put->Message());
  return Ok();
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
