// The TokenRequest subresource of ServiceAccounts (POST
// serviceaccounts/<name>/token, what `kubectl create token` sends): checks
// the request as a real server does and answers it with a token bound to
// the account.
#include "api/api_error.h"
#include "api/resource_handlers.h"
#include "storage/resource_table.h"

namespace qareports::emulator {
namespace {

constexpr const char* kAudience = "https://kubernetes.default.svc.cluster.local";

const ResourceInfo& TokenRequestInfo() {
  static const ResourceInfo info = [] {
    ResourceInfo i;
    i.group = "authentication.k8s.io";
    i.version = "v1";
    i.resource = "tokenrequests";
    i.kind = "TokenRequest";
    i.namespaced = true;
    return i;
  }();
  return info;
}

}  // namespace

ApiResponse ResourceHandlers::CreateToken(const ApiRequest& req) {
  json body = ParseBody(req);
  if (body.value("kind", "TokenRequest") != "TokenRequest" ||
      body.value("apiVersion", "authentication.k8s.io/v1") != "authentication.k8s.io/v1")
    throw BadRequest("the body of the request must be an authentication.k8s.io/v1 TokenRequest");
  const json& account = MustGet(req);
  json spec = body.value("spec", json::object());
  if (!spec.is_object()) throw BadRequest("spec must be an object");
  if (!spec.contains("expirationSeconds") || spec["expirationSeconds"].is_null()) spec["expirationSeconds"] = 3600;
  if (!spec["expirationSeconds"].is_number_integer()) throw BadRequest("spec.expirationSeconds must be an integer");
  long long seconds = spec["expirationSeconds"].get<long long>();
  json causes = json::array();
  if (seconds < 600)
    causes.push_back(InvalidCause("spec.expirationSeconds", "FieldValueInvalid",
                                  "Invalid value: " + std::to_string(seconds) +
                                      ": may not specify a duration less than 10 minutes"));
  if (seconds > (1LL << 32))
    causes.push_back(InvalidCause("spec.expirationSeconds", "FieldValueInvalid",
                                  "Invalid value: " + std::to_string(seconds) +
                                      ": may not specify a duration larger than 2^32 seconds"));
  if (!causes.empty()) throw Invalid(TokenRequestInfo(), req.name, causes);
  if (!spec.contains("audiences") || !spec["audiences"].is_array() || spec["audiences"].empty())
    spec["audiences"] = json::array({kAudience});
  if (!spec.contains("boundObjectRef")) spec["boundObjectRef"] = nullptr;
  SimTime now = clock_.Now(), expires = now + std::chrono::seconds(seconds);
  json answer = {{"kind", "TokenRequest"},
                 {"apiVersion", "authentication.k8s.io/v1"},
                 {"metadata", {{"name", req.name}, {"namespace", req.ns}, {"creationTimestamp", nullptr}}},
                 {"spec", spec},
                 {"status", {{"token", ""}, {"expirationTimestamp", FormatTime(expires)}}}};
  if (req.DryRun()) return JsonResponse(201, answer);
  IssuedToken who{req.ns, req.name, account["metadata"].value("uid", ""), expires};
  answer["status"]["token"] = tokens_.Issue(who, now, spec["audiences"][0].get<std::string>());
  return JsonResponse(201, answer);
}

}  // namespace qareports::emulator
