#include "release/secret_store.h"

#include <algorithm>
#include <limits>

#include "util/base64.h"
#include "util/gzip.h"
#include "util/json_fields.h"

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
  nlohmann::json meta = util::ParseJson(Field(data, "release"));
  if (meta.is_object()) {
    // A number that is not one a release can have and be followed by is 0,
    // as in a record that cannot be read.
    long number = util::IntegerField(meta, "number", 0);
    r.number = number > 0 && number < std::numeric_limits<int>::max() ? static_cast<int>(number) : 0;
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
  nlohmann::json manifests = util::ParseJson(stored);
  if (manifests.is_array()) r.manifests = std::move(manifests);
  return r;
}

nlohmann::json Meta(const Release& r) {
  return {{"number", r.number}, {"environment", r.environment}, {"version", r.version}, {"commit", r.commit},
          {"time", r.time},     {"job", r.job},                 {"migrations", r.migrations},
          {"deployed", r.deployed}, {"gate", r.gate}};
}

}  // namespace

std::string SecretStore::Path(int number) const {
  return "/api/v1/namespaces/" + ns_ + "/secrets/qareports-release-" + environment_ + "-v" + std::to_string(number);
}

Result<std::vector<Release>> SecretStore::List() {
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

Status SecretStore::Put(const Release& in) {
  Release release = in;
  release.environment = environment_;
  std::string path = Path(release.number);
  nlohmann::json secret = {
      {"apiVersion", "v1"},
      {"kind", "Secret"},
      {"type", kSecretType},
      {"metadata",
       {{"name", path.substr(path.rfind('/') + 1)},
        {"namespace", ns_},
        {"labels",
         {{kReleaseLabel, std::to_string(release.number)},
          {kEnvironmentLabel, environment_},
          {kStatusLabel, StateName(release.state)}}}}},
      {"data",
       {{"release", util::Base64Encode(Meta(release).dump())},
        {"manifests", util::Base64Encode(util::Gzip(release.manifests.dump()))}}}};
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/api/v1/namespaces/" + ns_ + "/secrets";
  create.body = secret.dump();
  Result<kube::ApiResult> made = client_.Call(create);
  if (!made.ok()) return made.error();
  if (!made->ok()) return Error::Unavailable("cannot record release " + std::to_string(release.number) + ": " + made->Message());
  return Ok();
}

Status SecretStore::Patch(int number, const nlohmann::json& patch, const std::string& what) {
  kube::ApiCall call;
  call.method = "PATCH";
  call.path = Path(number);
  call.content_type = "application/merge-patch+json";
  call.body = patch.dump();
  Result<kube::ApiResult> r = client_.Call(call);
  if (!r.ok()) return r.error();
  if (!r->ok()) return Error::Unavailable("cannot " + what + " release " + std::to_string(number) + ": " + r->Message());
  return Ok();
}

Status SecretStore::SetState(int number, State state) {
  return Patch(number, {{"metadata", {{"labels", {{kStatusLabel, StateName(state)}}}}}}, "mark");
}

Status SecretStore::Update(int number, const std::function<void(Release&)>& change) {
  Result<kube::ApiResult> got = client_.Call(kube::Get(Path(number)));
  if (!got.ok()) return got.error();
  if (!got->ok()) return Error::Unavailable("cannot read release " + std::to_string(number) + ": " + got->Message());
  Release r = FromSecret(got->json);
  change(r);
  // The state label and the metadata in one write: they never disagree.
  return Patch(number,
               {{"metadata", {{"labels", {{kStatusLabel, StateName(r.state)}}}}},
                {"data", {{"release", util::Base64Encode(Meta(r).dump())}}}},
               "update");
}

Status SecretStore::Delete(int number) {
  kube::ApiCall del;
  del.method = "DELETE";
  del.path = Path(number);
  Result<kube::ApiResult> r = client_.Call(del);
  if (!r.ok()) return r.error();
  if (!r->ok() && r->status != 404) {
    return Error::Unavailable("cannot delete release " + std::to_string(number) + ": " + r->Message());
  }
  return Ok();
}

}  // namespace qareports::release
