// Stand-ins for the side-effect interfaces: an environment from a map, a
// clock that moves only when told, and an HTTP client that answers every
// request with one canned answer and keeps what it was asked. Files stay
// real (temporary directories).
#pragma once

#include <map>
#include <string>

#include "sys/clock.h"
#include "sys/environment.h"
#include "sys/http_client.h"

namespace qareports::testing {

class FakeEnvironment : public sys::Environment {
 public:
  std::map<std::string, std::string> vars;
  std::optional<std::string> Get(const std::string& name) const override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
};

class FakeClock : public sys::Clock {
 public:
  mutable std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1795993200));
  mutable double elapsed = 100;
  std::chrono::system_clock::time_point Now() const override { return now; }
  double Elapsed() const override { return elapsed; }
  // Moves time on instead of waiting.
  bool SleepFor(double seconds) const override {
    slept += seconds;
    elapsed += seconds;
    now += std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds));
    return true;
  }
  void Pause(double seconds) const override { SleepFor(seconds); }
  mutable double slept = 0;
};

class FakeHttp : public sys::HttpClient {
 public:
  sys::HttpResponse answer = Found();
  std::vector<std::string> urls;  // every URL asked for

  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    urls.push_back(request.url);
    return answer;
  }
  std::vector<sys::HttpResponse> SendAll(const std::vector<sys::HttpRequest>& requests, sys::Pacer& pacer) override {
    std::vector<sys::HttpResponse> out;
    for (const sys::HttpRequest& r : requests) out.push_back(Send(r)), pacer.Answered(out.back(), 1);
    return out;
  }
  sys::HttpResponse Stream(const sys::HttpRequest& request, const std::function<bool(std::string_view)>&) override {
    return Send(request);
  }
  std::vector<sys::HttpResponse> StreamAll(const std::vector<sys::HttpRequest>& requests,
                                           const std::function<bool(size_t, std::string_view)>&,
                                           const std::function<bool()>&) override {
    sys::FixedPacer one(1);
    return SendAll(requests, one);
  }
  std::unique_ptr<sys::HttpClient> Fork() const override { return std::make_unique<FakeHttp>(*this); }

  static sys::HttpResponse Found() {
    sys::HttpResponse r;
    r.status = 200;
    r.headers["docker-content-digest"] = "sha256:0";
    return r;
  }
};

}  // namespace qareports::testing
