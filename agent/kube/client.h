// Calls to the Kubernetes API server: the bearer token or client certificate
// of the target, verified TLS, JSON bodies, transient failures (429 with
// Retry-After, 5xx, resets) retried with bounded backoff, concurrent batches
// paced to the server,
// and streamed responses (watches, logs). Talks to the network.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "kube/concurrency.h"
#include "kube/credentials.h"
#include "kube/kubeconfig.h"
#include "sys/clock.h"
#include "sys/http_client.h"

namespace qareports::kube {

// How much of a JSON answer is kept once parsed.
enum class Keep {
  kAll,
  kAllButManagedFields,  // a large list read for its objects: managedFields are about half of each
  kItemNames,            // a large list read for who is in it: each item's metadata.name and .namespace only
};

struct ApiCall {
  std::string method = "GET";
  std::string path;          // "/apis/apps/v1/namespaces/x/deployments/web?dryRun=All"
  std::string body;          // JSON (or YAML for apply patches)
  std::string content_type;  // empty: application/json when there is a body
  std::string accept = "application/json";
  double timeout_seconds = 30;
  Keep keep = Keep::kAll;
};

inline ApiCall Get(const std::string& path, const std::string& accept = "application/json") {
  ApiCall call;
  call.path = path;
  call.accept = accept;
  return call;
}

struct ApiResult {
  int status = 0;
  nlohmann::json json;  // the parsed body; null when it was not JSON
  std::string text;     // the raw body; empty when it was JSON (then parsed into `json`)
  std::string content_type;
  double retry_after = 0;  // seconds, when the server said (429, 503)

  bool ok() const { return status >= 200 && status < 300; }
  // A list's items, without copying them; an empty array when there are none.
  const nlohmann::json& Items() const;
  // Worth trying again: 429, 5xx, or (a stream's) broken connection.
  bool Transient() const;
  // The Status object's message (or the body) for errors.
  std::string Message() const;
};

struct RetryPolicy {
  int attempts = 5;
  double first_delay = 0.2;  // seconds, doubled after each try
  double max_delay = 5;
  double max_retry_after = 30;
};

class Client {
 public:
  Client(const Target& target, sys::HttpClient& http, Credentials& credentials, const sys::Clock& clock,
         RetryPolicy policy = {})
      : target_(target), http_(http), credentials_(credentials), clock_(clock), policy_(policy) {}

  // Unavailable when the server cannot be reached or refuses us (TLS, 401,
  // 403), naming the cluster, verb and path; any other answer is returned,
  // errors included, for the caller to judge.
  Result<ApiResult> Call(const ApiCall& call);
  // Several calls at once, as many as the server's pace allows
  // (kube/concurrency.h) and at most `parallel` when given; each answered as Call.
  static constexpr int kPaced = 0;
  std::vector<Result<ApiResult>> CallAll(const std::vector<ApiCall>& calls, int parallel = kPaced);
  // Streams a long answer (watch, log follow) to `on_data` until it ends or
  // on_data returns false or the job is asked to stop (sys/stop.h). Errors
  // as Call, but neither retried nor an error when transient: the status of
  // a non-2xx answer is returned with its body, and a broken connection as
  // status 0 with the error as text (ApiResult::Transient, BackOff).
  Result<ApiResult> Stream(const ApiCall& call, const std::function<bool(std::string_view)>& on_data);
  // Several streams at once on this thread, until the first ends, one's
  // on_data returns false or stop() returns true; each answered as Stream.
  std::vector<Result<ApiResult>> StreamAll(const std::vector<ApiCall>& calls,
                                           const std::function<bool(size_t, std::string_view)>& on_data,
                                           const std::function<bool()>& stop);

  // After a stream ended with a transient answer: waits as the retry policy
  // says (Retry-After honoured) and says whether to start it again;
  // `failures` counts the stream's transient ends in a row (reset it when
  // one delivers). False once the attempts are spent, or when the wait would
  // outlast a stopped job's cleanup.
  bool BackOff(const ApiResult& ended, int& failures);

  const Target& target() const { return target_; }
  int requests_sent() const { return requests_sent_; }
  Concurrency& concurrency() { return concurrency_; }

 private:
  Result<sys::HttpRequest> Build(const ApiCall& call);
  Error Refused(const ApiCall& call, const sys::HttpResponse& r) const;

  const Target& target_;
  sys::HttpClient& http_;
  Credentials& credentials_;
  const sys::Clock& clock_;
  RetryPolicy policy_;
  int requests_sent_ = 0;
  Concurrency concurrency_;
};

}  // namespace qareports::kube
