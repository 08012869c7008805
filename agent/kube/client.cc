#include "kube/client.h"

#include "sys/stop.h"
#include "util/json_fields.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace qareports::kube {
namespace {

bool Transient(const sys::HttpResponse& r) {
  if (r.tls_failure || r.job_stopped) return false;
  if (r.status == 0) return true;  // reset, empty reply, timeout: try again
  return r.status == 429 || r.status == 500 || r.status == 502 || r.status == 503 || r.status == 504;
}

// Whether a parsed key is kept: the callback sees a list's item keys at
// depth 3 and their metadata's keys at depth 4.
bool Kept(Keep keep, int depth, const nlohmann::json& key) {
  if (keep == Keep::kAllButManagedFields) return key != "managedFields";
  if (depth == 3) return key == "metadata";
  if (depth == 4) return key == "name" || key == "namespace";
  return true;
}

ApiResult ToResult(sys::HttpResponse&& r, Keep keep) {
  ApiResult out;
  out.status = r.status;
  out.content_type = r.headers.count("content-type") ? r.headers["content-type"] : "";
  if (r.headers.count("retry-after")) out.retry_after = std::atof(r.headers["retry-after"].c_str());
  out.text = std::move(r.body);
  auto kept = [keep](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    return event != nlohmann::json::parse_event_t::key || Kept(keep, depth, parsed);
  };
  out.json = keep == Keep::kAll ? util::ParseJson(out.text) : util::ParseJson(out.text, kept);
  if (out.json.is_discarded()) out.json = nullptr;
  // A JSON answer is kept once, parsed: thousands of objects are planned at a time.
  if (!out.json.is_null() && out.content_type.find("json") != std::string::npos) std::string().swap(out.text);
  return out;
}

// The client's pace, and at most `cap` at once.
class Capped : public sys::Pacer {
 public:
  Capped(Concurrency& pace, int cap) : pace_(pace), cap_(cap) {}
  int Limit() const override { return cap_ > 0 ? std::min(cap_, pace_.Limit()) : pace_.Limit(); }
  void Answered(const sys::HttpResponse& answer, int in_flight) override { pace_.Answered(answer, in_flight); }

 private:
  Concurrency& pace_;
  int cap_;
};

// The server's own deadline for a request, the time its client waits for it
// (as client-go sends it): a request the job gave up on, a write among them,
// is given up by the server too instead of being made later, on top of
// whatever came after it. Streams have none.
void WithServerDeadline(sys::HttpRequest& r) {
  if (r.timeout_seconds <= 0) return;
  double seconds = sys::RequestSecondsAllowed(r.timeout_seconds);
  long ms = std::max(1L, static_cast<long>(seconds * 1000));
  r.url += (r.url.find('?') == std::string::npos ? "?timeout=" : "&timeout=") + std::to_string(ms) + "ms";
}

std::string Verb(const ApiCall& call) {
  if (call.method == "GET") return call.path.find("watch=") != std::string::npos ? "watch" : "get";
  if (call.method == "POST") return "create";
  if (call.method == "PUT") return "update";
  std::string verb = call.method;
  std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::tolower(c); });
  return verb;
}

}  // namespace

const nlohmann::json& ApiResult::Items() const {
  static const nlohmann::json kNone = nlohmann::json::array();
  if (!json.is_object()) return kNone;
  auto items = json.find("items");
  return items != json.end() && items->is_array() ? *items : kNone;
}

bool ApiResult::Transient() const {
  return (status == 0 && !text.empty()) || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::string ApiResult::Message() const {
  if (json.is_object() && json.contains("message") && json["message"].is_string()) return json["message"];
  if (text.empty() && !json.is_null()) return json.dump().substr(0, 500);
  return text.size() > 500 ? text.substr(0, 500) + "…" : text;
}

Result<sys::HttpRequest> Client::Build(const ApiCall& call) {
  sys::HttpRequest r;
  r.method = call.method;
  r.url = target_.server + call.path;
  r.body = call.body;
  r.timeout_seconds = call.timeout_seconds;
  r.tls = target_.tls;
  r.headers.emplace_back("Accept", call.accept);
  r.headers.emplace_back("User-Agent", "qareports");
  if (!call.body.empty() || call.method == "PATCH" || call.method == "POST" || call.method == "PUT") {
    r.headers.emplace_back("Content-Type", call.content_type.empty() ? "application/json" : call.content_type);
  }
  Result<std::string> token = credentials_.Token();
  if (!token.ok()) return token.error();
  if (!token->empty()) r.headers.emplace_back("Authorization", "Bearer " + *token);
  return r;
}

Error Client::Refused(const ApiCall& call, const sys::HttpResponse& r) const {
  std::string what = "cluster \"" + target_.cluster_name + "\" (" + target_.server + ", context \"" +
                     target_.context + "\"): " + Verb(call) + " " + call.path.substr(0, call.path.find('?')) + ": ";
  if (r.job_stopped) return Error::Failed(what + r.transport_error);
  // A request whose time the job's stop (a signal, the --timeout) cut short:
  // the stop's doing, not an unreachable server's.
  if (r.status == 0 && r.timed_out && sys::StopRequested()) {
    return Error::Failed(what + "the job was stopped (" + sys::StopReason() + ") before an answer came");
  }
  if (r.tls_failure || r.tls_handshake) return Error::Unavailable(what + "TLS failed: " + r.transport_error);
  if (r.status == 0) return Error::Unavailable(what + "no answer: " + r.transport_error);
  ApiResult body = ToResult(sys::HttpResponse(r), Keep::kAll);
  if (r.status == 401) return Error::Unavailable(what + "401 Unauthorized (the credentials were refused)");
  if (r.status == 403) return Error::Unavailable(what + "403 Forbidden: " + body.Message());
  return Error::Unavailable(what + std::to_string(r.status) + " after retries: " + body.Message());
}

std::vector<Result<ApiResult>> Client::CallAll(const std::vector<ApiCall>& calls, int parallel) {
  std::vector<std::optional<Result<ApiResult>>> results(calls.size());
  std::vector<size_t> pending(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) pending[i] = i;
  double delay = policy_.first_delay;
  bool reauthenticated = false;
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<sys::HttpRequest> requests;
    std::vector<size_t> sent;
    for (size_t i : pending) {
      Result<sys::HttpRequest> r = Build(calls[i]);
      if (!r.ok()) {
        results[i] = r.error();
        continue;
      }
      WithServerDeadline(*r);
      requests.push_back(std::move(r.value()));
      sent.push_back(i);
    }
    Capped pacer(concurrency_, parallel);
    std::vector<sys::HttpResponse> responses = http_.SendAll(requests, pacer);
    requests_sent_ += static_cast<int>(requests.size());
    pending.clear();
    double wait = 0;
    bool unauthorized = false;
    for (size_t k = 0; k < sent.size(); ++k) {
      sys::HttpResponse& r = responses[k];
      size_t i = sent[k];
      bool last = attempt >= policy_.attempts;
      if (r.status == 401 && !reauthenticated && target_.exec) {
        unauthorized = true;  // an expired plugin token: get a new one, once
        pending.push_back(i);
      } else if (Transient(r) && !last) {
        spdlog::debug("retrying {} {}: {} {}", calls[i].method, calls[i].path, r.status, r.transport_error);
        pending.push_back(i);
        // A connection that broke off before any answer is retried at once, on a
        // new one; an answer asking for patience (429, 5xx) gets it.
        bool fresh_connection = r.status == 0 && attempt == 1;
        double after = r.headers.count("retry-after") ? std::atof(r.headers["retry-after"].c_str()) : 0;
        if (!fresh_connection) wait = std::max(wait, std::min(std::max(after, delay), policy_.max_retry_after));
      } else if (r.status == 0 || r.status == 401 || r.status == 403 || Transient(r)) {
        results[i] = Refused(calls[i], r);
      } else {
        results[i] = ToResult(std::move(r), calls[i].keep);
      }
    }
    if (unauthorized) credentials_.Invalidate(), reauthenticated = true;
    if (!pending.empty() && sys::StopRequested() && wait >= sys::CleanupSecondsLeft()) {
      for (size_t k = 0; k < sent.size(); ++k) {  // no time left to try again: the last answer stands
        if (!results[sent[k]]) results[sent[k]] = Refused(calls[sent[k]], responses[k]);
      }
      break;
    }
    if (!pending.empty() && wait > 0) clock_.Pause(wait);  // bounded, and cleanup after a stop needs it
    delay = std::min(delay * 2, policy_.max_delay);
  }
  std::vector<Result<ApiResult>> out;
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

bool Client::BackOff(const ApiResult& ended, int& failures) {
  if (!ended.Transient() || ++failures >= policy_.attempts) return false;
  double delay = std::min(policy_.first_delay * (1 << std::min(failures - 1, 10)), policy_.max_delay);
  delay = std::min(std::max(delay, ended.retry_after), policy_.max_retry_after);
  if (sys::StopRequested() && delay >= sys::CleanupSecondsLeft()) return false;
  spdlog::debug("a stream ended with {} {}: starting again in {:.1f} s", ended.status, ended.Message(), delay);
  if (sys::StopRequested()) clock_.Pause(delay);  // the cleanup's own stream: bounded above
  else clock_.SleepFor(delay);                     // a stop cuts it short; the caller sees the stop
  return true;
}

Result<ApiResult> Client::Call(const ApiCall& call) { return std::move(CallAll({call}, 1).front()); }

Result<ApiResult> Client::Stream(const ApiCall& call, const std::function<bool(std::string_view)>& on_data) {
  return std::move(
      StreamAll({call}, [&](size_t, std::string_view data) { return on_data(data); }, sys::StopRequested).front());
}

std::vector<Result<ApiResult>> Client::StreamAll(const std::vector<ApiCall>& calls,
                                                 const std::function<bool(size_t, std::string_view)>& on_data,
                                                 const std::function<bool()>& stop) {
  std::vector<Result<ApiResult>> out(calls.size(), Error::Failed("not sent"));
  std::vector<sys::HttpRequest> requests;
  std::vector<size_t> sent;
  for (size_t i = 0; i < calls.size(); ++i) {
    Result<sys::HttpRequest> request = Build(calls[i]);
    if (!request.ok()) {
      out[i] = request.error();
      continue;
    }
    request->timeout_seconds = 0;
    requests.push_back(std::move(request.value()));
    sent.push_back(i);
  }
  std::vector<sys::HttpResponse> responses =
      http_.StreamAll(requests, [&](size_t k, std::string_view data) { return on_data(sent[k], data); }, stop);
  requests_sent_ += static_cast<int>(requests.size());
  for (size_t k = 0; k < sent.size(); ++k) {
    sys::HttpResponse& r = responses[k];
    const ApiCall& call = calls[sent[k]];
    // A broken connection comes back as status 0 with its error in `text`,
    // for the caller to start again (Transient); status 0 without an error:
    // ended by the caller before an answer.
    bool refused = r.status == 401 || r.status == 403 || r.tls_failure || r.job_stopped;
    if (refused) out[sent[k]] = Refused(call, r);
    else if (r.status == 0 && r.transport_code != 0) out[sent[k]] = ApiResult{0, nullptr, r.transport_error, ""};
    else out[sent[k]] = ToResult(std::move(r), call.keep);
  }
  return out;
}

}  // namespace qareports::kube
