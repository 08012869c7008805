// HTTP(S) requests, behind an interface. The real client is libcurl: TLS
// verified against the given CA (or the system's), client certificates,
// connections reused, a batch of requests run concurrently with a bound,
// and streamed responses (watches, log follows) that the caller can stop.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qareports::sys {

struct TlsOptions {
  std::string ca_pem;           // trust only these CAs; empty: the system's
  std::string client_cert_pem;  // client certificate authentication, empty for none
  std::string client_key_pem;
  bool insecure = false;        // skip verification (only when a kubeconfig says so)
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  double timeout_seconds = 30;  // the whole transfer; 0 for none (streams)
  TlsOptions tls;
  int max_redirects = 0;        // redirects followed (0: none); headers such as Authorization stay on the first host
};

struct HttpResponse {
  int status = 0;                              // 0 when no HTTP answer came
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  int transport_code = 0;                      // libcurl's code; 0 when the transfer completed
  std::string transport_error;                 // what went wrong below HTTP
  bool tls_failure = false;                    // the server's certificate was not trusted (not transient)
  bool tls_handshake = false;                  // the TLS handshake broke off (may be transient)
  bool timed_out = false;
  double wait_seconds = -1;                    // from the request sent to the answer's first byte; -1: unknown
  bool job_stopped = false;                    // the job was stopped while it ran: ended without an answer
  int redirects = 0;                           // how many were followed
  std::string final_url;                       // where the answer came from, when redirected
};

// How many requests of a batch may be in flight, told of each answer as it
// comes: a batch can follow the server's pace (kube/concurrency.h).
class Pacer {
 public:
  virtual ~Pacer() = default;
  virtual int Limit() const = 0;  // at least 1
  // An answer (or a failure) came while `in_flight` requests ran, it included.
  virtual void Answered(const HttpResponse& answer, int in_flight) = 0;
};

// A batch with a fixed bound.
class FixedPacer : public Pacer {
 public:
  explicit FixedPacer(int parallel) : parallel_(parallel < 1 ? 1 : parallel) {}
  int Limit() const override { return parallel_; }
  void Answered(const HttpResponse&, int) override {}

 private:
  int parallel_;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual HttpResponse Send(const HttpRequest& request) = 0;
  // Sends all requests, at most pacer.Limit() at a time, telling the pacer
  // of each answer; answers in order.
  virtual std::vector<HttpResponse> SendAll(const std::vector<HttpRequest>& requests, Pacer& pacer) = 0;
  // Streams a successful answer's body to `on_data` as it arrives (an error
  // answer's body is kept in the response instead); returning false from
  // on_data ends the transfer (the response then has no transport error).
  virtual HttpResponse Stream(const HttpRequest& request, const std::function<bool(std::string_view)>& on_data) = 0;
  // Streams several answers at once on this thread (watches of several
  // kinds): on_data(i, bytes) for answer i. The first answer to end ends
  // them all, as do on_data returning false and stop() returning true (asked
  // at least every 50 ms). Answers in order.
  virtual std::vector<HttpResponse> StreamAll(const std::vector<HttpRequest>& requests,
                                              const std::function<bool(size_t, std::string_view)>& on_data,
                                              const std::function<bool()>& stop) = 0;
  // An independent client of the same kind, for use on another thread.
  virtual std::unique_ptr<HttpClient> Fork() const = 0;
};

class RealHttpClient : public HttpClient {
 public:
  RealHttpClient();
  ~RealHttpClient() override;
  HttpResponse Send(const HttpRequest& request) override;
  std::vector<HttpResponse> SendAll(const std::vector<HttpRequest>& requests, Pacer& pacer) override;
  HttpResponse Stream(const HttpRequest& request, const std::function<bool(std::string_view)>& on_data) override;
  std::vector<HttpResponse> StreamAll(const std::vector<HttpRequest>& requests,
                                      const std::function<bool(size_t, std::string_view)>& on_data,
                                      const std::function<bool()>& stop) override;
  std::unique_ptr<HttpClient> Fork() const override { return std::make_unique<RealHttpClient>(); }

 private:
  struct State;
  State& Ready();
  std::unique_ptr<State> state_;
};

}  // namespace qareports::sys
