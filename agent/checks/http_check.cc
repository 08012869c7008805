#include "checks/http_check.h"

#include "util/strings.h"

namespace qareports::checks {
namespace {

int Retries(const config::Check& check) { return std::max(0, std::atoi(Param(check, "retries", "2").c_str())); }

// GETs `url` until `judge` passes or the retries are spent; `judge` sets the
// reason when it fails.
CheckResult Probe(const config::Check& check, const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
             sys::HttpClient& http, const sys::Clock& clock,
             const std::function<bool(const sys::HttpResponse&, std::string&)>& judge) {
  CheckResult r = ResultFor(check);
  double start = clock.Elapsed();
  sys::HttpRequest request;
  request.url = url;
  request.headers = headers;
  request.timeout_seconds = Seconds(check, "timeout", 10);
  for (int attempt = 0; attempt <= Retries(check); ++attempt) {
    if (attempt > 0 && !clock.SleepFor(2)) break;
    sys::HttpResponse response = http.Send(request);
    std::string reason;
    if (response.status == 0) {
      r.message = url + ": no answer: " + response.transport_error;
    } else if (judge(response, reason)) {
      r.passed = true;
      r.message = url + ": " + reason;
      break;
    } else {
      r.message = url + ": " + reason;
    }
  }
  r.seconds = clock.Elapsed() - start;
  return r;
}

}  // namespace

CheckResult HttpCheck(const config::Check& check, sys::HttpClient& http, const sys::Environment& env,
                 const sys::Clock& clock) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string token_env = Param(check, "token_env");
  if (!token_env.empty()) {
    std::optional<std::string> token = env.Get(token_env);
    if (!token || token->empty()) {
      return ResultFor(check, token_env + " is not set (the check's token)");
    }
    headers.emplace_back("Authorization", "Token " + *token);
  }
  std::string status = Param(check, "status", "200"), body = Param(check, "body");
  return Probe(check, Param(check, "url"), headers, http, clock,
               [&](const sys::HttpResponse& response, std::string& reason) {
                 if (std::to_string(response.status) != status) {
                   reason = "status " + std::to_string(response.status) + ", expected " + status;
                   return false;
                 }
                 if (!body.empty() && response.body.find(body) == std::string::npos) {
                   reason = "status " + status + " but the body lacks \"" + body + "\"";
                   return false;
                 }
                 reason = "status " + status + (body.empty() ? "" : ", body has \"" + body + "\"");
                 return true;
               });
}

CheckResult SquadVersionCheck(const config::Check& check, const std::string& expected, sys::HttpClient& http,
                         const sys::Clock& clock) {
  std::string want = Param(check, "version", expected);
  std::string url = Param(check, "url");
  while (!url.empty() && url.back() == '/') url.pop_back();
  return Probe(check, url + "/api/version/", {}, http, clock,
               [&](const sys::HttpResponse& response, std::string& reason) {
                 std::string got = util::Trim(response.body);
                 if (response.status != 200) {
                   reason = "status " + std::to_string(response.status) + ", expected 200";
                   return false;
                 }
                 if (got != want) {
                   reason = "answers SQUAD " + got.substr(0, 40) + ", expected " + want;
                   return false;
                 }
                 reason = "answers SQUAD " + got;
                 return true;
               });
}

}  // namespace qareports::checks
