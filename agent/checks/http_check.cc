#include "checks/http_check.h"

#include <algorithm>

#include "util/json_fields.h"
#include "util/linear_regex.h"
#include "util/strings.h"

namespace qareports::checks {
namespace {

constexpr int kMaxRedirects = 5;

int Retries(const config::Check& check) { return std::max(0, std::atoi(Param(check, "retries", "2").c_str())); }

// GETs until `judge` passes or the retries are spent; `judge` sets the
// reason when it fails.
CheckResult Probe(const config::Check& check, sys::HttpRequest request, sys::HttpClient& http, const sys::Clock& clock,
                  const std::function<bool(const sys::HttpResponse&, std::string&)>& judge) {
  CheckResult r = ResultFor(check);
  double start = clock.Elapsed();
  request.timeout_seconds = Seconds(check, "timeout", 10);
  for (int attempt = 0; attempt <= Retries(check); ++attempt) {
    if (attempt > 0 && !clock.SleepFor(2)) break;
    sys::HttpResponse response = http.Send(request);
    std::string reason;
    if (response.status == 0 || response.transport_code != 0) {  // no (complete) answer
      r.message = request.url + (response.tls_failure ? ": TLS refused: " : ": no answer: ") +
                  response.transport_error +
                  (response.timed_out ? " (timeout " + Param(check, "timeout", "10s") + ")" : "");
      if (response.tls_failure) break;  // trying again will not change it
      continue;
    }
    bool passed = judge(response, reason);
    std::string via = response.redirects > 0 ? " (redirected " + std::to_string(response.redirects) + "x to " +
                                                   response.final_url + ")"
                                             : "";
    r.message = request.url + ": " + reason + via;
    if (passed) {
      r.passed = true;
      break;
    }
  }
  r.seconds = clock.Elapsed() - start;
  return r;
}

// `found` as the config writes values: strings as they are, anything else
// as JSON ("true", "3"); a problem naming `where` when it is not `value`.
void Compare(const nlohmann::json& found, const std::string& where, const std::string& value,
             std::vector<std::string>& problems) {
  std::string got = found.is_string() ? found.get<std::string>() : found.dump();
  std::string problem = where + " is " + found.dump().substr(0, 200) + ", expected " + value;
  if (got != value && std::find(problems.begin(), problems.end(), problem) == problems.end())
    problems.push_back(problem);  // once, though `/*` and its own pointer both ask
}

// The value at each JSON pointer; a pointer whose last token is `*` stands
// for each member (or element) of what the rest points at, so that
// `/*: working` judges every backend of a health page, however many.
bool JudgeJson(const std::map<std::string, std::string>& wanted, const std::string& body, std::string& reason) {
  if (wanted.empty()) return true;
  nlohmann::json doc = util::ParseJson(body);
  if (doc.is_discarded()) {
    reason = "the body is not JSON (or nests deeper than " + std::to_string(util::kMaxJsonDepth) + " levels)";
    return false;
  }
  std::vector<std::string> problems;
  for (const auto& [pointer, value] : wanted) {
    bool each = util::EndsWith(pointer, "/*");
    std::string path = each ? pointer.substr(0, pointer.size() - 2) : pointer;
    nlohmann::json::json_pointer at;
    try {
      at = nlohmann::json::json_pointer(path);
    } catch (const nlohmann::json::exception&) {
      problems.push_back(pointer + " is not a JSON pointer");
      continue;
    }
    if (!doc.contains(at)) {
      problems.push_back((each ? (path.empty() ? std::string("/") : path) : pointer) + " is missing");
      continue;
    }
    const nlohmann::json& found = doc[at];
    if (!each) {
      Compare(found, pointer, value, problems);
    } else if (found.is_object()) {
      for (const auto& [key, member] : found.items()) Compare(member, path + "/" + key, value, problems);
    } else if (found.is_array()) {
      for (size_t i = 0; i < found.size(); ++i) Compare(found[i], path + "/" + std::to_string(i), value, problems);
    } else {
      problems.push_back((path.empty() ? std::string("/") : path) + " is not an object or a list");
    }
  }
  if (!problems.empty()) reason = util::Join(problems, "; ");
  return problems.empty();
}

}  // namespace

CheckResult HttpCheck(const config::Check& check, sys::HttpClient& http, const sys::Environment& env,
                      const sys::FileSystem& fs, const sys::Clock& clock) {
  sys::HttpRequest request;
  request.url = Param(check, "url");
  std::string token_env = Param(check, "token_env");
  if (!token_env.empty()) {
    std::optional<std::string> token = env.Get(token_env);
    if (!token || token->empty()) return ResultFor(check, token_env + " is not set (the check's token)");
    request.headers.emplace_back("Authorization", (Param(check, "auth") == "bearer" ? "Bearer " : "Token ") + *token);
  }
  request.max_redirects = Param(check, "follow_redirects", "true") == "true" ? kMaxRedirects : 0;
  request.tls.insecure = Param(check, "insecure") == "true";
  if (std::string ca = Param(check, "ca_file"); !ca.empty()) {
    Result<std::string> pem = fs.Read(ca);
    if (!pem.ok()) return ResultFor(check, "cannot read its ca_file: " + pem.error().message);
    request.tls.ca_pem = *pem;
  }
  std::string status = Param(check, "status", "200"), body = Param(check, "body");
  std::string pattern = Param(check, "body_regex");
  Result<util::UserRegex> regex = util::UserRegex::Compile(pattern);  // the loader checked it
  if (!regex.ok()) return ResultFor(check, "its body_regex " + regex.error().message);
  return Probe(check, request, http, clock, [&](const sys::HttpResponse& response, std::string& reason) {
    if (std::to_string(response.status) != status) {
      // Say what the answer says: a health page's 500 lists each backend
      // that failed (django-health-check), an error page its title.
      reason = "status " + std::to_string(response.status) + ", expected " + status;
      std::string json_reason;
      if (!check.json.empty() && !util::ParseJson(response.body).is_discarded() &&
          !JudgeJson(check.json, response.body, json_reason)) {
        reason += ": " + json_reason;
      } else if (std::string said = util::OneLine(response.body, 200); !said.empty()) {
        reason += ": " + said;
      }
      return false;
    }
    if (!body.empty() && response.body.find(body) == std::string::npos) {
      reason = "status " + status + " but the body lacks \"" + body + "\"";
      return false;
    }
    if (!pattern.empty() && !regex->Search(response.body)) {
      reason = "status " + status + " but the body does not match /" + pattern + "/";
      return false;
    }
    std::string json_reason;
    if (!JudgeJson(check.json, response.body, json_reason)) {
      reason = "status " + status + " but " + json_reason;
      return false;
    }
    reason = "status " + status + (body.empty() ? "" : ", body has \"" + body + "\"") +
             (pattern.empty() ? "" : ", body matches /" + pattern + "/") +
             (check.json.empty() ? "" : ", " + std::to_string(check.json.size()) + " JSON field(s) as expected");
    return true;
  });
}

CheckResult SquadVersionCheck(const config::Check& check, const std::string& expected, sys::HttpClient& http,
                              const sys::Clock& clock) {
  std::string want = Param(check, "version", expected);
  sys::HttpRequest request;
  request.url = Param(check, "url");
  while (!request.url.empty() && request.url.back() == '/') request.url.pop_back();
  request.url += "/api/version/";
  request.max_redirects = kMaxRedirects;
  return Probe(check, request, http, clock, [&](const sys::HttpResponse& response, std::string& reason) {
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
