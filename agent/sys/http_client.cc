#include "sys/http_client.h"

#include "sys/curl_library.h"
#include "sys/stop.h"

#include <algorithm>
#include <cctype>
#include <deque>

namespace qareports::sys {
namespace {

// Idle connections kept open, to every server together: above any batch's
// concurrency (kube.max_requests_in_flight is 32 by default).
constexpr long kConnectionsKept = 64;

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResponse response;
  const std::function<bool(std::string_view)>* on_data = nullptr;
  bool stopped = false;
  char error[CURL_ERROR_SIZE] = {};  // libcurl's own words for a failure
};

// Which of the certificate's checks failed, in plain words, with libcurl's detail.
std::string CertificateProblem(const std::string& detail) {
  if (detail.find("host name") != std::string::npos || detail.find("hostname") != std::string::npos ||
      detail.find("subject name") != std::string::npos || detail.find("IP address") != std::string::npos) {
    return "the server's certificate is not for this host name (" + detail + ")";
  }
  if (detail.find("certificate problem") != std::string::npos || detail.find("issuer") != std::string::npos) {
    return "the server's certificate is not signed by a trusted CA (" + detail + ")";
  }
  return detail;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t bytes = size * n;
  long status = 0;
  if (t->on_data) Curl().easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  if (t->on_data && status < 300) {
    if (!(*t->on_data)(std::string_view(data, bytes))) {
      t->stopped = true;
      return 0;  // makes libcurl end the transfer
    }
    return bytes;
  }
  t->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
    t->response.headers[name] = value;
  }
  return size * n;
}

void SetBlob(CURL* easy, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  Curl().easy_setopt(easy, option, &blob);
}

void Prepare(Transfer& t, const HttpRequest& r) {
  CURL* e = t.easy;
  Curl().easy_reset(e);
  Curl().easy_setopt(e, CURLOPT_URL, r.url.c_str());
  Curl().easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  Curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  // libcurl's smallest upload buffer (64 KiB by default, per transfer in flight): a larger body is sent in parts.
  Curl().easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
  if (r.method == "HEAD") Curl().easy_setopt(e, CURLOPT_NOBODY, 1L);
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    Curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.body.size()));
    Curl().easy_setopt(e, CURLOPT_COPYPOSTFIELDS, r.body.c_str());
    Curl().easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  for (const auto& [k, v] : r.headers) t.headers = Curl().slist_append(t.headers, (k + ": " + v).c_str());
  t.headers = Curl().slist_append(t.headers, "Expect:");
  Curl().easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  // After a stop, a request (the cleanup's) gets a share of what is left of the cleanup's time.
  double timeout = RequestSecondsAllowed(r.timeout_seconds);  // 0: none
  double connect = timeout > 0 ? std::min(10.0, timeout) : 10;
  Curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::max(1L, static_cast<long>(connect * 1000)));
  if (timeout > 0) Curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, std::max(1L, static_cast<long>(timeout * 1000)));
  t.error[0] = '\0';
  Curl().easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  Curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBody);
  Curl().easy_setopt(e, CURLOPT_WRITEDATA, &t);
  Curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
  Curl().easy_setopt(e, CURLOPT_HEADERDATA, &t);
  Curl().easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  if (!r.tls.ca_pem.empty()) SetBlob(e, CURLOPT_CAINFO_BLOB, r.tls.ca_pem);
  if (!r.tls.client_cert_pem.empty()) {
    SetBlob(e, CURLOPT_SSLCERT_BLOB, r.tls.client_cert_pem);
    SetBlob(e, CURLOPT_SSLKEY_BLOB, r.tls.client_key_pem);
    Curl().easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
    Curl().easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
  }
  if (r.tls.insecure) {
    Curl().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    Curl().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (r.max_redirects > 0) {
    Curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    Curl().easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(r.max_redirects));
    Curl().easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
}

void Stopped(HttpResponse& r) {
  r = HttpResponse{};  // whatever had come is incomplete
  r.transport_code = CURLE_ABORTED_BY_CALLBACK;
  r.job_stopped = true;
  r.transport_error = "the job was stopped (" + StopReason() + ") before an answer came";
}

void Finish(Transfer& t, CURLcode code) {
  long status = 0;
  Curl().easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  long redirects = 0;
  Curl().easy_getinfo(t.easy, CURLINFO_REDIRECT_COUNT, &redirects);
  t.response.redirects = static_cast<int>(redirects);
  if (redirects > 0) {
    char* url = nullptr;
    Curl().easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &url);
    if (url) t.response.final_url = url;
  }
  curl_off_t sent = 0, first_byte = 0;  // microseconds from the transfer's start
  Curl().easy_getinfo(t.easy, CURLINFO_PRETRANSFER_TIME_T, &sent);
  Curl().easy_getinfo(t.easy, CURLINFO_STARTTRANSFER_TIME_T, &first_byte);
  if (code == CURLE_OK && first_byte >= sent) t.response.wait_seconds = static_cast<double>(first_byte - sent) / 1e6;
  if (code != CURLE_OK && !(t.stopped && code == CURLE_WRITE_ERROR)) {
    t.response.transport_code = code;
    t.response.transport_error = t.error[0] ? std::string(t.error) : Curl().easy_strerror(code);
    t.response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    t.response.tls_failure = code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CERTPROBLEM ||
                             code == CURLE_SSL_CIPHER || code == CURLE_SSL_CACERT_BADFILE ||
                             code == CURLE_SSL_ISSUER_ERROR;
    if (t.response.tls_failure) t.response.transport_error = CertificateProblem(t.response.transport_error);
    t.response.tls_handshake = code == CURLE_SSL_CONNECT_ERROR;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) Stopped(t.response);
  Curl().slist_free_all(t.headers);
  t.headers = nullptr;
}

}  // namespace

struct RealHttpClient::State {
  CURLM* multi = nullptr;
  std::deque<CURL*> idle;  // easy handles keep their connections for reuse

  CURL* Take() {
    if (idle.empty()) return Curl().easy_init();
    CURL* e = idle.front();
    idle.pop_front();
    return e;
  }

  void Start(Transfer& t, const HttpRequest& request) {
    t.easy = Take();
    Prepare(t, request);
    Curl().easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
    Curl().multi_add_handle(multi, t.easy);
    ++running;
  }

  void End(Transfer& t, CURLcode code) {
    Finish(t, code);
    Curl().easy_setopt(t.easy, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));  // the buffer goes with `t`
    Curl().multi_remove_handle(multi, t.easy);
    idle.push_back(t.easy);
    t.easy = nullptr;
    --running;
  }

  // Moves the transfers on until none runs: ended(t, code) for each that
  // ends (it must End it); after each round, after_round(); between rounds
  // waits up to poll_ms for activity.
  void Drive(const std::function<void(Transfer&, CURLcode)>& ended, const std::function<void()>& after_round,
             int poll_ms) {
    while (running > 0) {
      int still = 0;
      Curl().multi_perform(multi, &still);
      int queued = 0;
      while (CURLMsg* msg = Curl().multi_info_read(multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        Curl().easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
        ended(*t, msg->data.result);
      }
      after_round();
      if (running > 0) Curl().multi_poll(multi, nullptr, 0, poll_ms, nullptr);
    }
  }

  size_t running = 0;
};

RealHttpClient::RealHttpClient() = default;

RealHttpClient::~RealHttpClient() {
  if (!state_) return;
  for (CURL* e : state_->idle) Curl().easy_cleanup(e);
  Curl().multi_cleanup(state_->multi);
}

// libcurl and OpenSSL start on first use: commands that never talk HTTP
// (detect, render) do not pay for them.
RealHttpClient::State& RealHttpClient::Ready() {
  if (!state_) {
    state_ = std::make_unique<State>();
    state_->multi = Curl().multi_init();
    Curl().multi_setopt(state_->multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    // Connections stay for the next batch: by default the cache shrinks with
    // the transfers of the last, and the next opens them all again.
    Curl().multi_setopt(state_->multi, CURLMOPT_MAXCONNECTS, kConnectionsKept);
  }
  return *state_;
}

HttpResponse RealHttpClient::Send(const HttpRequest& request) {
  FixedPacer one(1);
  return SendAll({request}, one).front();
}

std::vector<HttpResponse> RealHttpClient::SendAll(const std::vector<HttpRequest>& requests, Pacer& pacer) {
  State& state = Ready();
  std::vector<Transfer> transfers(requests.size());
  bool asked_before_stop = !StopRequested();
  size_t next = 0;
  auto start_next = [&] {
    state.Start(transfers[next], requests[next]);
    ++next;
  };
  auto start_allowed = [&] {
    while (next < requests.size() && state.running < static_cast<size_t>(std::max(1, pacer.Limit()))) start_next();
  };
  start_allowed();
  state.Drive(
      [&](Transfer& t, CURLcode code) {
        int in_flight = static_cast<int>(state.running);
        state.End(t, code);
        pacer.Answered(t.response, in_flight);
        start_allowed();
      },
      [&] {  // a stop ends what was asked before it; the cleanup's own requests go on
        if (!asked_before_stop || !StopRequested()) return;
        for (Transfer& t : transfers) {
          if (t.easy) state.End(t, CURLE_ABORTED_BY_CALLBACK);
        }
        for (; next < requests.size(); ++next) Stopped(transfers[next].response);
      },
      50);
  std::vector<HttpResponse> responses;
  for (Transfer& t : transfers) responses.push_back(std::move(t.response));
  return responses;
}

HttpResponse RealHttpClient::Stream(const HttpRequest& request, const std::function<bool(std::string_view)>& on_data) {
  return StreamAll({request}, [&](size_t, std::string_view data) { return on_data(data); }, [] { return false; })
      .front();
}

std::vector<HttpResponse> RealHttpClient::StreamAll(const std::vector<HttpRequest>& requests,
                                                    const std::function<bool(size_t, std::string_view)>& on_data,
                                                    const std::function<bool()>& stop) {
  State& state = Ready();
  std::vector<Transfer> transfers(requests.size());
  std::vector<std::function<bool(std::string_view)>> sinks;
  bool ended = false;  // one sink said enough: every stream ends
  for (size_t i = 0; i < requests.size(); ++i) {
    sinks.emplace_back([&, i](std::string_view data) { return !ended && (ended = !on_data(i, data), !ended); });
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    transfers[i].on_data = &sinks[i];
    state.Start(transfers[i], requests[i]);
  }
  state.Drive(
      [&](Transfer& t, CURLcode code) {
        state.End(t, code);
        ended = true;  // the first to end ends them all
      },
      [&] {
        if (state.running == 0 || !(ended || stop())) return;
        for (Transfer& t : transfers) {
          if (!t.easy) continue;
          t.stopped = true;
          state.End(t, CURLE_WRITE_ERROR);
        }
      },
      20);
  std::vector<HttpResponse> responses;
  for (Transfer& t : transfers) responses.push_back(std::move(t.response));
  return responses;
}

}  // namespace qareports::sys
