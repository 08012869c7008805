#include "report/squad_submit.h"

#include "sys/stop.h"
#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::report {
namespace {

constexpr int kAttempts = 3;
constexpr size_t kMaxMessage = 300;

// SQUAD's words: its REST errors are JSON with a "detail", the rest text or HTML.
std::string OneLine(const std::string& body) {
  nlohmann::json doc = util::ParseJson(body);
  if (doc.is_object() && doc.contains("detail") && doc["detail"].is_string())
    return util::OneLine(doc["detail"].get<std::string>(), kMaxMessage);
  return util::OneLine(body, kMaxMessage);
}

bool Transient(const sys::HttpResponse& r) { return r.status == 0 ? !r.tls_failure : r.status >= 500; }

// SQUAD creates the test run before it reads the data, outside a
// transaction (squad/api/views.py, add_test_run): a try that went
// unanswered or failed with 5xx may have left it behind, and the retry of
// the same job_id is then refused with this 400.
bool AlreadyThere(const sys::HttpResponse& r) {
  return r.status == 400 && r.body.find("There is already a test run with job_id") != std::string::npos;
}

}  // namespace

std::string SubmitUrl(const SquadTarget& t) {
  return t.url + "/api/submit/" + util::UrlEncode(t.group) + "/" + util::UrlEncode(t.project) + "/" +
         util::UrlEncode(t.build) + "/" + util::UrlEncode(t.environment);
}

SubmitOutcome SubmitTestRun(sys::HttpClient& http, const sys::Clock& clock, const SquadTarget& target,
                            const std::vector<util::FormPart>& parts) {
  util::MultipartBody body = util::EncodeMultipart(parts);
  sys::HttpRequest request;
  request.method = "POST";
  request.url = SubmitUrl(target);
  request.headers = {{"Auth-Token", target.token}, {"Content-Type", body.content_type}, {"Accept", "text/plain"}};
  request.body = std::move(body.body);
  request.timeout_seconds = 30;
  SubmitOutcome out;
  for (double wait = 2;; wait *= 2) {
    ++out.attempts;
    sys::HttpResponse r = http.Send(request);
    out.status = r.status;
    out.message = r.status == 0 ? (r.job_stopped ? "the job was stopped" : r.transport_error) : OneLine(r.body);
    if (r.status == 201 || r.status == 200) {
      out.ok = true;
      std::string id = util::Trim(r.body);
      if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos) out.test_run = id;
      return out;
    }
    if (out.attempts > 1 && AlreadyThere(r)) {  // an earlier try landed
      out.ok = true;
      out.landed_earlier = true;
      return out;
    }
    if (!Transient(r) || r.job_stopped || out.attempts >= kAttempts || sys::StopRequested()) return out;
    if (!clock.SleepFor(wait)) return out;
  }
}

}  // namespace qareports::report
