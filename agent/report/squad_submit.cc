#include "report/squad_submit.h"

#include "sys/stop.h"
#include "util/strings.h"

namespace qareports::report {
namespace {

constexpr int kAttempts = 3;
constexpr size_t kMaxMessage = 300;

// An answer's body as one line: tags of an HTML page dropped, spaces collapsed.
std::string OneLine(const std::string& body) {
  std::string text;
  bool in_tag = false, space = false;
  for (char c : body) {
    if (c == '<') in_tag = true;
    if (in_tag) {
      if (c == '>') in_tag = false, space = true;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !text.empty()) text += ' ';
    space = false;
    text += c;
  }
  if (text.size() > kMaxMessage) text = text.substr(0, kMaxMessage) + "…";
  return text;
}

bool Transient(const sys::HttpResponse& r) { return r.status == 0 ? !r.tls_failure : r.status >= 500; }

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
    if (!Transient(r) || r.job_stopped || out.attempts >= kAttempts || sys::StopRequested()) return out;
    if (!clock.SleepFor(wait)) return out;
  }
}

}  // namespace qareports::report
