// The API server's answers on any bytes: a body read as a Status object or
// a list (each way of keeping it), and a watch stream cut into chunks and
// fed to the rollout's view. The first byte chooses the status code, the
// second how the stream is cut.
#include "kube/client.h"
#include "kube/credentials.h"
#include "kube/watch_events.h"
#include "rollout/view.h"
#include "sys/clock.h"
#include "sys/process_runner.h"
#include "fuzz_input.h"

namespace {

using namespace qareports;

class Answer : public sys::HttpClient {
 public:
  sys::HttpResponse response;
  sys::HttpResponse Send(const sys::HttpRequest&) override { return response; }
  std::vector<sys::HttpResponse> SendAll(const std::vector<sys::HttpRequest>& r, sys::Pacer&) override {
    return std::vector<sys::HttpResponse>(r.size(), response);
  }
  sys::HttpResponse Stream(const sys::HttpRequest&, const std::function<bool(std::string_view)>&) override {
    return response;
  }
  std::vector<sys::HttpResponse> StreamAll(const std::vector<sys::HttpRequest>& r,
                                           const std::function<bool(size_t, std::string_view)>&,
                                           const std::function<bool()>&) override {
    return std::vector<sys::HttpResponse>(r.size(), response);
  }
  std::unique_ptr<sys::HttpClient> Fork() const override { return std::make_unique<Answer>(*this); }
};

class NoWait : public sys::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return {}; }
  double Elapsed() const override { return 0; }
  bool SleepFor(double) const override { return true; }
  void Pause(double) const override {}
};

class NoProcesses : public sys::ProcessRunner {
 public:
  sys::ProcessResult Run(const sys::ProcessRequest&) override { return {}; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const int kStatuses[] = {200, 201, 404, 409, 410, 422, 429, 500, 503};
  std::string body = fuzz::Text(data + 2, size - 2);
  Answer http;
  http.response.status = kStatuses[data[0] % 9];
  http.response.body = body;
  http.response.headers["content-type"] = "application/json";
  http.response.headers["retry-after"] = body.substr(0, 4);
  kube::Target target;
  target.server = "https://fuzz.invalid";
  target.token = "t";
  fuzz::MemoryFileSystem fs;
  NoWait clock;
  NoProcesses runner;
  kube::Credentials credentials(target, runner, fs, clock);
  kube::Client client(target, http, credentials, clock, kube::RetryPolicy{2, 0, 0, 0});
  for (kube::Keep keep : {kube::Keep::kAll, kube::Keep::kAllButManagedFields, kube::Keep::kItemNames}) {
    kube::ApiCall call = kube::Get("/api/v1/namespaces/qareports-staging/pods");
    call.keep = keep;
    Result<kube::ApiResult> r = client.Call(call);
    if (r.ok()) (void)r->Items().size(), (void)r->Message(), (void)r->Transient();
  }
  rollout::View view({"web", "worker"}, rollout::ViewOptions{});
  kube::WatchEvents events;
  size_t step = 1 + data[1] % 64;
  static const char* kKinds[] = {"Deployment", "ReplicaSet", "Pod"};
  size_t n = 0;
  for (size_t at = 0; at < body.size(); at += step) {
    events.Feed(std::string_view(body).substr(at, step), [&](const nlohmann::json& event) {
      if (event.contains("object") && event["object"].is_object()) {
        ++n;
        view.Update(kKinds[n % 3], event["object"], event.value("type", "") == "DELETED", static_cast<double>(n));
      }
      return true;
    });
  }
  // A malformed field of a named object may be refused by nlohmann's checked
  // accessors (an exception, which the job reports): never undefined behaviour.
  try {
    (void)view.Lines();
    (void)view.FirstFailure(1e9);
    (void)view.Done();
  } catch (const nlohmann::json::exception&) {
  }
  return 0;
}
