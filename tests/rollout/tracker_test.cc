// The rollout tracker's watch loop over a scripted API server: it lists the
// namespace's Deployments, ReplicaSets and Pods, then follows their watch
// events, and decides as soon as the events do: done when the Deployment
// reports every replica of its new template available, failed at once when a
// pod of that template crash-loops, stopped on a stop request.
#include "rollout/tracker.h"

#include <gtest/gtest.h>

#include "fakes/fake_sys.h"
#include "sys/file_system.h"
#include "sys/process_runner.h"
#include "sys/stop.h"

namespace qareports::testing {
namespace {

// Answers a list of each kind with `lists`, and each kind's watch with the
// scripted events, one chunk at a time, until the tracker has decided.
class ScriptedApi : public FakeHttp {
 public:
  std::map<std::string, nlohmann::json> lists;                // "deployments" -> items
  std::map<std::string, std::vector<nlohmann::json>> events;  // "pods" -> watch events
  int watches = 0;
  int lists_sent = 0;
  std::vector<sys::HttpResponse> refusals;  // how the first watches are answered, before the scripted ones

  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    sys::HttpResponse r = FakeHttp::Found();
    if (++lists_sent > 30) r.status = 500;  // a tracker that never decides ends, failing its test
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [kind, listed] : lists) {
      if (request.url.find("/" + kind) != std::string::npos) items = listed;
    }
    r.body = nlohmann::json{{"kind", "List"}, {"metadata", {{"resourceVersion", "7"}}}, {"items", items}}.dump();
    r.headers["content-type"] = "application/json";
    return r;
  }
  std::vector<sys::HttpResponse> StreamAll(const std::vector<sys::HttpRequest>& requests,
                                           const std::function<bool(size_t, std::string_view)>& on_data,
                                           const std::function<bool()>& stop) override {
    ++watches;
    if (static_cast<size_t>(watches) <= refusals.size()) {
      std::vector<sys::HttpResponse> answers(requests.size(), Found());
      answers.back() = refusals[static_cast<size_t>(watches) - 1];  // the first to end ends them all
      return answers;
    }
    for (size_t i = 0; i < requests.size(); ++i) {
      for (const auto& [kind, script] : events) {
        if (requests[i].url.find("/" + kind + "?watch=true") == std::string::npos) continue;
        for (const nlohmann::json& e : script) {
          if (stop() || !on_data(i, e.dump() + "\n")) return std::vector<sys::HttpResponse>(requests.size(), Found());
        }
      }
    }
    return std::vector<sys::HttpResponse>(requests.size(), Found());
  }
};

nlohmann::json Template() {
  return {{"metadata", {{"labels", {{"app", "web"}}}}},
          {"spec", {{"containers", {{{"name", "squad"}, {"image", "squad:1.90"}}}}}}};
}

nlohmann::json Deployment(int available) {
  return {{"metadata", {{"name", "web"}, {"generation", 2}}},
          {"spec", {{"replicas", 1}, {"template", Template()}}},
          {"status",
           {{"observedGeneration", 2}, {"replicas", 1}, {"updatedReplicas", 1}, {"readyReplicas", available},
            {"availableReplicas", available}}}};
}

nlohmann::json ReplicaSet() {
  nlohmann::json t = Template();
  t["metadata"]["labels"]["pod-template-hash"] = "web-2";
  return {{"metadata", {{"name", "web-2"}, {"ownerReferences", {{{"name", "web"}, {"controller", true}}}}}},
          {"spec", {{"template", t}}}};
}

nlohmann::json Pod(const std::string& waiting) {
  nlohmann::json p = {{"metadata", {{"name", "web-2-abcde"}, {"ownerReferences", {{{"name", "web-2"}, {"controller", true}}}}}},
                      {"status", nlohmann::json::object()}};
  if (!waiting.empty()) {
    p["status"]["containerStatuses"] = {{{"name", "squad"}, {"state", {{"waiting", {{"reason", waiting}}}}}}};
  }
  return p;
}

class TrackerTest : public ::testing::Test {
 protected:
  TrackerTest() {
    target_.server = "https://cluster.test";
    target_.token = "t0ken";
    api_.lists = {{"deployments", nlohmann::json::array({Deployment(0)})},
                  {"replicasets", nlohmann::json::array({ReplicaSet()})},
                  {"pods", nlohmann::json::array({Pod("")})}};
  }
  void TearDown() override { sys::ClearStop(); }

  Result<rollout::TrackResult> Track() {
    kube::Credentials credentials(target_, runner_, fs_, clock_);
    kube::Client client(target_, api_, credentials, clock_);
    rollout::TrackOptions options;
    options.namespace_ = "qareports-staging";
    options.workloads = {"web"};
    return rollout::Track(client, clock_, options, [&](const std::string& line) { lines_.push_back(line); });
  }

  kube::Target target_;
  ScriptedApi api_;
  FakeClock clock_;
  sys::RealFileSystem fs_;
  sys::RealProcessRunner runner_;
  std::vector<std::string> lines_;
};

TEST_F(TrackerTest, DoneAsSoonAsTheWatchShowsEveryReplicaAvailable) {
  api_.events["deployments"] = {{{"type", "BOOKMARK"}, {"object", {{"metadata", {{"resourceVersion", "8"}}}}}},
                                {{"type", "MODIFIED"}, {"object", Deployment(1)}}};
  Result<rollout::TrackResult> r = Track();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, rollout::TrackResult::Outcome::kDone);
  EXPECT_EQ(api_.watches, 1) << "decided from the watch, with no second list";
  ASSERT_FALSE(lines_.empty());
  EXPECT_NE(lines_.back().find("rolled out"), std::string::npos) << lines_.back();
  EXPECT_EQ(lines_.size(), 2u) << "one line per change of state: waiting, then rolled out";
}

TEST_F(TrackerTest, ACrashLoopingPodOfTheNewTemplateFailsItAtOnce) {
  api_.events["pods"] = {{{"type", "MODIFIED"}, {"object", Pod("CrashLoopBackOff")}}};
  Result<rollout::TrackResult> r = Track();
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->outcome, rollout::TrackResult::Outcome::kFailed);
  EXPECT_EQ(r->failure->workload, "web");
  EXPECT_EQ(r->failure->pod, "web-2-abcde");
  EXPECT_EQ(r->failure->reason, "CrashLoopBackOff");
}

TEST_F(TrackerTest, AWatchAnswered429Or503OrResetIsStartedAgainAfterItsPause) {
  sys::HttpResponse busy;
  busy.status = 429;
  busy.headers["retry-after"] = "3";
  busy.body = R"({"kind":"Status","message":"too many requests"})";
  sys::HttpResponse unavailable;
  unavailable.status = 503;
  sys::HttpResponse reset;
  reset.transport_code = 56;
  reset.transport_error = "Connection reset by peer";
  api_.refusals = {busy, unavailable, reset};
  api_.events["deployments"] = {{{"type", "MODIFIED"}, {"object", Deployment(1)}}};
  double start = clock_.Elapsed();
  Result<rollout::TrackResult> r = Track();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, rollout::TrackResult::Outcome::kDone);
  EXPECT_EQ(api_.watches, 4);
  EXPECT_GE(clock_.Elapsed() - start, 3.0) << "Retry-After is honoured";
}

TEST_F(TrackerTest, AWatchThatKeepsFailingEndsTheTrackingNamingWhy) {
  sys::HttpResponse unavailable;
  unavailable.status = 503;
  api_.refusals = std::vector<sys::HttpResponse>(10, unavailable);
  Result<rollout::TrackResult> r = Track();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().message.find("cannot watch"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("tried 5 times"), std::string::npos) << r.error().message;
}

TEST_F(TrackerTest, AStopRequestEndsTheWaitUnlessVerifyingARestore) {
  sys::RequestStop();
  Result<rollout::TrackResult> r = Track();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, rollout::TrackResult::Outcome::kStopped);
  EXPECT_EQ(api_.watches, 0);
}

TEST_F(TrackerTest, AListTheServerRefusesIsUnavailable) {
  struct Refusing : ScriptedApi {
    sys::HttpResponse Send(const sys::HttpRequest&) override {
      sys::HttpResponse r;
      r.status = 403;
      r.body = R"({"kind":"Status","message":"pods is forbidden"})";
      return r;
    }
  } refusing;
  kube::Credentials credentials(target_, runner_, fs_, clock_);
  kube::Client client(target_, refusing, credentials, clock_);
  rollout::TrackOptions options;
  options.namespace_ = "qareports-staging";
  options.workloads = {"web"};
  Result<rollout::TrackResult> r = rollout::Track(client, clock_, options, [](const std::string&) {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace qareports::testing
