#include "release/store.h"

#include <algorithm>

#include "util/base64.h"
#include "util/gzip.h"

namespace qareports::release {
namespace {

constexpr const char* kReleaseLabel = "qareports.linaro.org/release";
constexpr const char* kEnvironmentLabel = "qareports.linaro.org/release-of";
constexpr const char* kStatusLabel = "qareports.linaro.org/release-status";

std::string Field(const nlohmann::json& data, const char* key) {
  if (!data.contains(key) || !data[key].is_string()) return "";
  return util::Base64Decode(data[key].get<std::string>()).value_or("");
}

Release FromSecret(const nlohmann::json& secret) {
  const nlohmann::json& data = secret.value("data", nlohmann::json::object());
  Release r;
  nlohmann::json meta = nlohmann::json::parse(Field(data, "release"), nullptr, false);
  if (meta.is_object()) {
    r.number = meta.value("number", 0);
    r.environment = meta.value("environment", "");
    r.version = meta.value("version", "");
    r.commit = meta.value("commit", "");
    r.time = meta.value("time", "");
    r.job = meta.value("job", "");
    r.migrations = meta.value("migrations", std::vector<std::string>{});
    r.deployed = meta.value("deployed", "");
    r.gate = meta.value("gate", "");
  }
  r.state = StateFromName(secret["metadata"]["labels"].value(kStatusLabel, "failed"));
  // gzipped; records written before compression hold the JSON as it is.
  std::string stored = Field(data, "manifests");
  if (util::IsGzip(stored)) stored = util::Gunzip(stored).value_or("");
  nlohmann::json manifests = nlohmann::json::parse(stored, nullptr, false);
  if (manifests.is_array()) r.manifests = std::move(manifests);
  return r;
}

nlohmann::json Meta(const Release& r) {
  return {{"number", r.number}, {"environment", r.environment}, {"version", r.version}, {"commit", r.commit},
          {"time", r.time},     {"job", r.job},                 {"migrations", r.migrations},
          {"deployed", r.deployed}, {"gate", r.gate}};
}

}  // namespace

std::string StateName(State s) {
  switch (s) {
    case State::kPending: return "pending";
    case State::kDeployed: return "deployed";
    case State::kFailed: return "failed";
    case State::kRolledBack: return "rolled-back";
    case State::kSuperseded: return "superseded";
  }
  return "failed";
}

State StateFromName(const std::string& name) {
  for (State s : {State::kPending, State::kDeployed, State::kFailed, State::kRolledBack, State::kSuperseded}) {
    if (StateName(s) == name) return s;
  }
  return State::kFailed;
}

std::string Store::Name(int number) const { return "qareports-release-" + environment_ + "-v" + std::to_string(number); }

Result<std::vector<Release>> Store::List() {
  Result<kube::ApiResult> list = client_.Call(kube::Get("/api/v1/namespaces/" + ns_ + "/secrets?labelSelector=" +
                                                        kEnvironmentLabel + "%3D" + environment_));
  if (!list.ok()) return list.error();
  std::vector<Release> releases;
  if (list->status == 404) return releases;
  if (!list->ok()) return Error::Unavailable("cannot list the releases of " + environment_ + ": " + list->Message());
  for (const auto& item : list->Items()) {
    if (item.value("type", "") == kSecretType) releases.push_back(FromSecret(item));
  }
  std::sort(releases.begin(), releases.end(), [](const Release& a, const Release& b) { return a.number > b.number; });
  return releases;
}

Result<std::optional<Release>> Store::LastGood() {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  for (Release& r : *all) {
    if (r.state == State::kDeployed) return std::optional<Release>(std::move(r));
  }
  return std::optional<Release>();
}

Result<int> Store::Create(Release release) {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  release.number = all->empty() ? 1 : all->front().number + 1;
  release.environment = environment_;
  nlohmann::json meta = Meta(release);
  nlohmann::json secret = {
      {"apiVersion", "v1"},
      {"kind", "Secret"},
      {"type", kSecretType},
      {"metadata",
       {{"name", Name(release.number)},
        {"namespace", ns_},
        {"labels",
         {{kReleaseLabel, std::to_string(release.number)},
          {kEnvironmentLabel, environment_},
          {kStatusLabel, StateName(release.state)}}}}},
      {"data",
       {{"release", util::Base64Encode(meta.dump())}, {"manifests", util::Base64Encode(util::Gzip(release.manifests.dump()))}}}};
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/api/v1/namespaces/" + ns_ + "/secrets";
  create.body = secret.dump();
  Result<kube::ApiResult> made = client_.Call(create);
  if (!made.ok()) return made.error();
  if (!made->ok()) return Error::Unavailable("cannot record release " + std::to_string(release.number) + ": " + made->Message());
  return release.number;
}

Status Store::SetState(int number, State state) {
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = "/api/v1/namespaces/" + ns_ + "/secrets/" + Name(number);
  patch.content_type = "application/merge-patch+json";
  patch.body = nlohmann::json{{"metadata", {{"labels", {{kStatusLabel, StateName(state)}}}}}}.dump();
  Result<kube::ApiResult> r = client_.Call(patch);
  if (!r.ok()) return r.error();
  if (!r->ok()) return Error::Unavailable("cannot mark release " + std::to_string(number) + ": " + r->Message());
  return Ok();
}

Status Store::SetMigrations(int number, const std::vector<std::string>& migrations) {
  return Update(number, [&](Release& r) { r.migrations = migrations; });
}

Status Store::Update(int number, const std::function<void(Release&)>& change) {
  Result<kube::ApiResult> got = client_.Call(kube::Get("/api/v1/namespaces/" + ns_ + "/secrets/" + Name(number)));
  if (!got.ok()) return got.error();
  if (!got->ok()) return Error::Unavailable("cannot read release " + std::to_string(number) + ": " + got->Message());
  Release r = FromSecret(got->json);
  change(r);
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = "/api/v1/namespaces/" + ns_ + "/secrets/" + Name(number);
  patch.content_type = "application/merge-patch+json";
  patch.body = nlohmann::json{{"data", {{"release", util::Base64Encode(Meta(r).dump())}}}}.dump();
  Result<kube::ApiResult> done = client_.Call(patch);
  if (!done.ok()) return done.error();
  if (!done->ok()) return Error::Unavailable("cannot update release " + std::to_string(number) + ": " + done->Message());
  return Ok();
}

Status Store::Prune() {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  for (size_t i = static_cast<size_t>(keep_); i < all->size(); ++i) {
    kube::ApiCall del;
    del.method = "DELETE";
    del.path = "/api/v1/namespaces/" + ns_ + "/secrets/" + Name((*all)[i].number);
    Result<kube::ApiResult> r = client_.Call(del);
    if (!r.ok()) return r.error();
  }
  return Ok();
}

}  // namespace qareports::release
