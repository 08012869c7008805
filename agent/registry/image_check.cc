#include "registry/image_check.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <regex>

#include "util/base64.h"
#include "util/json_fields.h"
#include "util/linear_regex.h"
#include "util/strings.h"

namespace qareports::registry {
namespace {

constexpr const char* kManifestTypes =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";

// Loopback registries (tests, a local mirror) speak plain HTTP, as docker allows.
std::string Scheme(const std::string& registry) {
  return registry.rfind("127.0.0.1", 0) == 0 || registry.rfind("localhost", 0) == 0 ? "http://" : "https://";
}

// The parameters of a WWW-Authenticate challenge: realm="...",service="...".
std::map<std::string, std::string> Challenge(const std::string& header) {
  // Every `name="value"`, read in one pass: a regex search, starting again at
  // every position, took quadratic time over a long run of letters.
  std::map<std::string, std::string> params;
  for (size_t eq = header.find("=\""); eq != std::string::npos; eq = header.find("=\"", eq + 1)) {
    size_t name = eq;
    while (name > 0 && std::isalpha(static_cast<unsigned char>(header[name - 1]))) --name;
    if (name == eq) continue;
    size_t close = header.find('"', eq + 2);
    if (close == std::string::npos) break;
    params[header.substr(name, eq - name)] = header.substr(eq + 2, close - eq - 2);
    eq = close;
  }
  return params;
}

std::string Basic(const Credentials& c) { return "Basic " + util::Base64Encode(c.username + ":" + c.password); }

Result<std::string> BearerToken(const std::string& challenge, const Credentials& credentials, sys::HttpClient& http,
                                 const std::string& registry) {
  std::map<std::string, std::string> p = Challenge(challenge);
  if (!p.count("realm")) return Error::Unavailable("registry " + registry + " asked for a token without a realm");
  sys::HttpRequest request;
  request.url = p["realm"] + "?service=" + util::UrlEncode(p["service"]) + "&scope=" + util::UrlEncode(p["scope"]);
  if (!credentials.username.empty()) request.headers.emplace_back("Authorization", Basic(credentials));
  sys::HttpResponse r = http.Send(request);
  if (r.job_stopped) return Error::Failed("the token service of " + registry + ": " + r.transport_error);
  if (r.status != 200) {
    return Error::Unavailable("the token service of " + registry + " answered " + std::to_string(r.status) +
                              (r.transport_error.empty() ? "" : " (" + r.transport_error + ")"));
  }
  nlohmann::json body = util::ParseJson(r.body);
  std::string token = body.is_object() ? body.value("token", body.value("access_token", "")) : "";
  if (token.empty()) return Error::Unavailable("the token service of " + registry + " gave no token");
  return token;
}

}  // namespace

Result<ImageRef> ParseImage(const std::string& image) {
  static const std::regex re("^(?:([a-zA-Z0-9.-]+(?::[0-9]+)?)/)?([a-z0-9._/-]+):([A-Za-z0-9_][A-Za-z0-9._-]{0,127})$",
                              util::kLinearRegex);
  std::smatch m;
  if (!std::regex_match(image, m, re)) return Error::InvalidInput("\"" + image + "\" is not an image name:tag");
  ImageRef ref{m[1].str(), m[2].str(), m[3].str()};
  // "squadproject/squad": the first part is a registry only if it looks like a host.
  if (!ref.registry.empty() && ref.registry.find('.') == std::string::npos &&
      ref.registry.find(':') == std::string::npos && ref.registry != "localhost") {
    ref.repository = ref.registry + "/" + ref.repository;
    ref.registry.clear();
  }
  if (ref.registry.empty() || ref.registry == "docker.io" || ref.registry == "index.docker.io") {
    ref.registry = "registry-1.docker.io";
    if (ref.repository.find('/') == std::string::npos) ref.repository = "library/" + ref.repository;
  }
  return ref;
}

Status CheckImage(const ImageRef& image, const Credentials& credentials, sys::HttpClient& http) {
  sys::HttpRequest request;
  request.method = "HEAD";
  request.url = Scheme(image.registry) + image.registry + "/v2/" + image.repository + "/manifests/" + image.tag;
  request.headers.emplace_back("Accept", kManifestTypes);
  sys::HttpResponse r = http.Send(request);
  if (r.status == 401) {
    std::string challenge = r.headers.count("www-authenticate") ? r.headers["www-authenticate"] : "";
    std::string authorization;
    if (challenge.rfind("Bearer", 0) == 0) {
      Result<std::string> token = BearerToken(challenge, credentials, http, image.registry);
      if (!token.ok()) return token.error();
      authorization = "Bearer " + *token;
    } else if (!credentials.username.empty()) {
      authorization = Basic(credentials);
    } else {
      return Error::Unavailable("registry " + image.registry + " needs credentials to read " + image.repository);
    }
    request.headers.emplace_back("Authorization", authorization);
    r = http.Send(request);
  }
  if (r.status == 200) return Ok();
  if (r.job_stopped) {  // a stop is not the registry's fault: nothing was changed (exit 1, not 69)
    return Error::Failed("registry " + image.registry + " was not asked about " + image.ToString() + ": " +
                         r.transport_error + "; nothing was changed");
  }
  if (r.status == 404) {
    return Error::Failed("image " + image.ToString() + " does not exist in its registry: nothing was changed");
  }
  if (r.status == 401 || r.status == 403) {
    return Error::Unavailable("registry " + image.registry + " refused to show " + image.repository + " (" +
                              std::to_string(r.status) + "): check the registry credentials");
  }
  return Error::Unavailable("registry " + image.registry + " could not be asked about " + image.ToString() + ": " +
                            (r.status ? "HTTP " + std::to_string(r.status) : r.transport_error));
}

}  // namespace qareports::registry
