// The simulated cluster seen over HTTP: Job outcomes, pod failure modes
// derived from the spec and from the rules, events, the simulated SQUAD,
// fault injection, the state file and shutdown.
#include <httplib.h>
#include <signal.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "fixtures/build_paths.h"
#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

using json = nlohmann::json;

json Get(httplib::SSLClient& c, const std::string& path) {
  auto r = c.Get(path.c_str());
  return r ? json::parse(r->body, nullptr, false) : json();
}

void Create(httplib::SSLClient& c, const std::string& path, const json& body) {
  auto r = c.Post(path.c_str(), body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
}

json Job(const std::string& name, const std::string& image) {
  return {{"metadata", {{"name", name}}},
          {"spec", {{"backoffLimit", 1},
                    {"template", {{"spec", {{"restartPolicy", "Never"},
                                            {"containers", {{{"name", "migrate"}, {"image", image}}}}}}}}}}};
}

std::string ConditionOf(const json& o, const std::string& type) {
  for (const auto& c : o.value("status", json::object()).value("conditions", json::array()))
    if (c.value("type", "") == type) return c.value("status", "") + "/" + c.value("reason", "");
  return "";
}

const char* kRules = R"(images:
  - match: "*:job-fails"
    behaviour: job-fails
    log: ["migration failed"]
  - match: "*:missing"
    behaviour: image-missing
  - match: "*:unready"
    behaviour: never-ready
  - match: "*"
    behaviour: ready
    after: 1s
fargate:
  namespaces: ["default"]
)";

TEST(ClusterTest, JobsCompleteOrFailAfterTheBackoffLimit) {
  Emulator emu({kRules, 20.0, "", ""});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  Create(*c, "/apis/batch/v1/namespaces/default/jobs", Job("ok", "squad:1.90"));
  Create(*c, "/apis/batch/v1/namespaces/default/jobs", Job("bad", "squad:job-fails"));
  EXPECT_TRUE(Eventually([&] {
    return ConditionOf(Get(*c, "/apis/batch/v1/namespaces/default/jobs/ok"), "Complete") == "True/CompletionsReached";
  }));
  EXPECT_TRUE(Eventually([&] {
    return ConditionOf(Get(*c, "/apis/batch/v1/namespaces/default/jobs/bad"), "Failed") == "True/BackoffLimitExceeded";
  }));
  json on_failure = Job("retry", "squad:job-fails");
  on_failure["spec"]["template"]["spec"]["restartPolicy"] = "OnFailure";
  Create(*c, "/apis/batch/v1/namespaces/default/jobs", on_failure);
  EXPECT_TRUE(Eventually([&] {
    return ConditionOf(Get(*c, "/apis/batch/v1/namespaces/default/jobs/retry"), "Failed") == "True/BackoffLimitExceeded";
  }));
  json bad = Get(*c, "/apis/batch/v1/namespaces/default/jobs/bad");
  EXPECT_EQ(bad["status"]["failed"], 2);
  EXPECT_EQ(ConditionOf(bad, "FailureTarget"), "True/BackoffLimitExceeded");
  json ok = Get(*c, "/apis/batch/v1/namespaces/default/jobs/ok");
  EXPECT_EQ(ok["status"]["succeeded"], 1);
  EXPECT_EQ(ConditionOf(ok, "SuccessCriteriaMet"), "True/CompletionsReached");
  auto r = c->Put("/apis/batch/v1/namespaces/default/jobs/ok",
                  [&] {
                    json j = ok;
                    j["spec"]["template"]["spec"]["containers"][0]["image"] = "squad:2";
                    return j.dump();
                  }(),
                  "application/json");
  EXPECT_EQ(r->status, 422) << "a Job's template is immutable";
  json pods = Get(*c, "/api/v1/namespaces/default/pods?labelSelector=job-name%3Dbad");
  ASSERT_FALSE(pods["items"].empty());
  std::string pod = pods["items"][0]["metadata"]["name"];
  auto logs = c->Get(("/api/v1/namespaces/default/pods/" + pod + "/log").c_str());
  EXPECT_EQ(logs->body, "migration failed\n");
}

TEST(ClusterTest, PodsShowConfigErrorsPullFailuresUnreadinessAndUnschedulability) {
  Emulator emu({kRules, 20.0, "", ""});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  auto pod = [](const std::string& name, const std::string& image, json env = json::array()) {
    return json{{"metadata", {{"name", name}}},
                {"spec", {{"containers", {{{"name", "c"}, {"image", image}, {"env", env}}}}}}};
  };
  Create(*c, "/api/v1/namespaces/default/pods",
         pod("cfg", "squad:1", {{{"name", "DB"}, {"valueFrom", {{"secretKeyRef", {{"name", "db"}, {"key", "password"}}}}}}}));
  Create(*c, "/api/v1/namespaces/default/pods", pod("pull", "squad:missing"));
  Create(*c, "/api/v1/namespaces/default/pods", pod("unready", "squad:unready"));
  Create(*c, "/api/v1/namespaces", {{"metadata", {{"name", "elsewhere"}}}});
  Create(*c, "/api/v1/namespaces/elsewhere/pods", pod("nowhere", "squad:1"));
  auto waiting = [&](const std::string& name) {
    json p = Get(*c, "/api/v1/namespaces/default/pods/" + name);
    json statuses = p.value("status", json::object()).value("containerStatuses", json::array());
    return statuses.empty() ? std::string()
                            : statuses[0].value("state", json::object()).value("waiting", json::object()).value("reason", "");
  };
  EXPECT_TRUE(Eventually([&] { return waiting("cfg") == "CreateContainerConfigError"; }));
  EXPECT_TRUE(Eventually([&] { return waiting("pull") == "ImagePullBackOff"; }));
  EXPECT_TRUE(Eventually([&] {
    json p = Get(*c, "/api/v1/namespaces/default/pods/unready");
    return p.value("status", json::object()).value("phase", "") == "Running" && ConditionOf(p, "Ready") == "False/ContainersNotReady";
  }));
  EXPECT_TRUE(Eventually([&] {
    json p = Get(*c, "/api/v1/namespaces/elsewhere/pods/nowhere");
    return ConditionOf(p, "PodScheduled") == "False/Unschedulable";
  }));
  json events = Get(*c, "/api/v1/namespaces/elsewhere/events?fieldSelector=reason%3DFailedScheduling");
  ASSERT_EQ(events["items"].size(), 1u);
  EXPECT_EQ(events["items"][0]["type"], "Warning");
  EXPECT_EQ(events["items"][0]["source"]["component"], "default-scheduler");
  json cfg = Get(*c, "/api/v1/namespaces/default/pods/cfg");
  EXPECT_EQ(cfg["status"]["containerStatuses"][0]["state"]["waiting"]["message"], "secret \"db\" not found");
  Create(*c, "/api/v1/namespaces/default/secrets", {{"metadata", {{"name", "db"}}}, {"stringData", {{"password", "x"}}}});
  EXPECT_TRUE(Eventually([&] { return ConditionOf(Get(*c, "/api/v1/namespaces/default/pods/cfg"), "Ready") == "True/"; }));
  EXPECT_TRUE(Eventually([&] {
    json ev = Get(*c, "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dunready,reason%3DUnhealthy");
    return !ev["items"].empty() && ev["items"][0]["count"].get<int>() >= 2;
  }));
}

TEST(ClusterTest, SquadAnswersTheVersionOfReadyWebPods) {
  Emulator emu({"images:\n  - match: \"*\"\n    behaviour: ready\n    after: 2s\n", 10.0, "", ""});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  httplib::Client squad(emu.squad_url());
  EXPECT_EQ(squad.Get("/default/api/version/")->status, 503) << "no web pod behind it";
  json d = {{"metadata", {{"name", "web"}}},
            {"spec", {{"replicas", 2}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                      {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                    {"spec", {{"containers", {{{"name", "squad"}, {"image", "squadproject/squad:1.90"}}}}}}}}}}};
  Create(*c, "/apis/apps/v1/namespaces/default/deployments", d);
  EXPECT_TRUE(Eventually([&] {
    auto r = squad.Get("/default/api/version/");
    return r && r->status == 200 && r->body == "1.90";
  }));
  auto r = squad.Get("/default/api/version/");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  // Django's APPEND_SLASH.
  r = squad.Get("/default/api/version");
  EXPECT_EQ(r->status, 301);
  EXPECT_EQ(r->get_header_value("Location"), "/default/api/version/");
}

// The submit endpoint of the simulated SQUAD, a stand-in for SQUAD's own
// (which cannot run here), posted to by cpp-httplib's multipart client.
TEST(ClusterTest, SquadStandInTakesTestRunsAsSquadAnswersThem) {
  const std::string token(40, 'k');
  Emulator emu({"squad:\n  projects: [qa-reports/deploys, ~ops/infra]\n  token: " + token + "\n", 1.0, "", ""});
  QAREPORTS_START(emu);
  httplib::Client squad(emu.squad_url());
  auto submit = [&](const std::string& path, const std::string& job_id, const std::string& auth,
                    const std::string& tests = R"({"deploy/apply": "pass", "deploy/rollout": "fail", "deploy/x": "xfail"})") {
    httplib::MultipartFormDataItems items = {
        {"tests", tests, "", ""},
        {"metrics", R"({"job/duration": 12.5, "rollout/web": [1, 2], "plan/create": {"value": 3}})", "", ""},
        {"metadata", json({{"job_id", job_id}, {"job_url", "https://ci.example.org/1"}}).dump(), "", ""},
        {"log", "info: done\n", "qareports.log", "text/plain"},
        {"attachment", "<testsuites/>", "junit.xml", "application/xml"}};
    return squad.Post(path.c_str(), {{"Auth-Token", auth}}, items);
  };
  const std::string path = "/qareports-staging/api/submit/qa-reports/deploys/1.90/staging";
  auto r = submit(path, "41", token + "-longer-tokens-are-cut-at-40");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body, "1");
  EXPECT_EQ(submit(path, "41", token)->body, "There is already a test run with job_id 41");
  EXPECT_EQ(submit(path, "41", token)->status, 400);
  EXPECT_EQ(submit("/qareports-staging/api/submit/qa-reports/deploys/1.91/staging", "41", token)->status, 201)
      << "a job_id is unique within its build";
  EXPECT_EQ(submit(path, "a/b", token)->status, 400);
  r = submit(path, "42", "wrong");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->body, R"({"detail": "User needs permission to submit results."})");
  EXPECT_EQ(submit(path, "42", "")->status, 403);
  r = submit("/qareports-staging/api/submit/qa-reports/nothing/1.90/staging", "42", token);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"detail": "No Project matches the given query."})");
  r = submit("/qareports-staging/api/submit/nobody/deploys/1.90/staging", "42", token);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"detail": "No Group matches the given query."})");
  EXPECT_EQ(submit("/qareports-staging/api/submit/~ops/infra/1.90/staging", "42", token)->status, 201);
  EXPECT_EQ(submit(path, "43", token, "[1]")->status, 400);
  std::string deep = R"({"job_id": "44", "x": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  r = squad.Post(path.c_str(), {{"Auth-Token", token}}, httplib::MultipartFormDataItems{{"metadata", deep, "", ""}});
  ASSERT_TRUE(r) << "the stand-in stopped answering";
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "metadata is not valid JSON: nested more than 1000 deep");

  json received = json::parse(squad.Get("/qareports-staging/api/testruns/")->body);
  ASSERT_EQ(received["count"], 3);
  const json& run = received["results"][0];
  EXPECT_EQ(run["build"], "1.90");
  EXPECT_EQ(run["environment"], "staging");
  EXPECT_EQ(run["job_url"], "https://ci.example.org/1");
  EXPECT_EQ(run["tests"], json({{"deploy/apply", "pass"}, {"deploy/rollout", "fail"}, {"deploy/x", "skip"}}));
  EXPECT_EQ(run["metrics"]["job/duration"], 12.5);
  EXPECT_EQ(run["log"], "info: done\n");
  EXPECT_EQ(run["attachments"], json({{"junit.xml", 13}}));
  EXPECT_EQ(json::parse(squad.Get("/qareports-production/api/testruns/")->body)["count"], 0);
}

TEST(ClusterTest, FaultsAreInjectedAsSpecifiedAndChangeableAtRunTime) {
  Emulator emu({"", 1.0, "", "seed=7;error=429:verb=get,resource=configmaps,times=1;error=503@1:verb=list,resource=secrets,times=2"});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  auto r = c->Get("/api/v1/namespaces/default/configmaps/x");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "1");
  EXPECT_EQ(c->Get("/api/v1/namespaces/default/configmaps/x")->status, 404);
  EXPECT_EQ(c->Get("/api/v1/namespaces/default/secrets")->status, 503);
  EXPECT_EQ(c->Get("/api/v1/namespaces/default/secrets")->status, 503);
  EXPECT_EQ(c->Get("/api/v1/namespaces/default/secrets")->status, 200);
  EXPECT_EQ(emu.Client(emu.readonly_token())->Put("/emulator/faults", "reset:verb=list", "text/plain")->status, 401);
  ASSERT_EQ(c->Put("/emulator/faults", "reset:verb=list,resource=pods", "text/plain")->status, 200);
  EXPECT_FALSE(c->Get("/api/v1/namespaces/default/pods")) << "connection reset";
  ASSERT_EQ(c->Put("/emulator/faults", "latency=300ms:resource=pods", "text/plain")->status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(c->Get("/api/v1/namespaces/default/pods")->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  ASSERT_EQ(c->Put("/emulator/faults", "watch-end=500ms", "text/plain")->status, 200);
  start = std::chrono::steady_clock::now();
  c->Get("/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=30", [](const char*, size_t) { return true; });
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(c->Put("/emulator/faults", "explode", "text/plain")->status, 400);
  ASSERT_EQ(c->Put("/emulator/faults", "hang:resource=secrets", "text/plain")->status, 200);
  auto impatient = emu.Client();
  impatient->set_read_timeout(1, 0);
  EXPECT_FALSE(impatient->Get("/api/v1/namespaces/default/secrets")) << "the request hangs";
  long millis = 0;
  EXPECT_EQ(emu.Stop(&millis), 0);
  EXPECT_LT(millis, 1000) << "a hanging request does not delay shutdown";
}

// A real API server gives a request up at its `timeout` (504), with nothing
// it asked done: a write its client stopped waiting for is never made later.
TEST(ClusterTest, ARequestServedAfterItsTimeoutIs504AndChangesNothing) {
  Emulator emu({"", 1.0, "", "latency=1500ms:verb=patch,resource=configmaps"});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  std::string path = "/api/v1/namespaces/default/configmaps/app";
  ASSERT_EQ(c->Post("/api/v1/namespaces/default/configmaps",
                    R"({"metadata":{"name":"app"},"data":{"v":"1"}})", "application/json")->status, 201);
  auto start = std::chrono::steady_clock::now();
  auto r = c->Patch((path + "?timeout=500ms").c_str(), R"({"data":{"v":"2"}})", "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 504) << r->body;
  EXPECT_EQ(json::parse(r->body)["reason"], "Timeout");
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(500));
  EXPECT_LT(waited, std::chrono::milliseconds(1500)) << "answered when the timeout passed, not when served";
  EXPECT_EQ(json::parse(c->Get(path.c_str())->body)["data"]["v"], "1");
  r = c->Patch((path + "?timeout=5s").c_str(), R"({"data":{"v":"3"}})", "application/merge-patch+json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << "served within its timeout: " << r->body;
  EXPECT_EQ(json::parse(c->Get(path.c_str())->body)["data"]["v"], "3");
}

TEST(ClusterTest, StateIsWrittenAtExitAndLoadedAtStart) {
  TempDir dir;
  std::string state = dir.path() + "/state.json";
  {
    Emulator emu({"", 1.0, state, ""});
    QAREPORTS_START(emu);
    auto c = emu.Client();
    Create(*c, "/api/v1/namespaces/default/configmaps", {{"metadata", {{"name", "kept"}}}, {"data", {{"a", "1"}}}});
    // As deep as a real server takes (10,000), in a field it keeps as raw JSON: managedFields given
    // on an update (as kubectl gives them), whose fieldsV1 at the fifth level holds 9,996 nested
    // objects. Kept, written and read back.
    Create(*c, "/api/v1/namespaces/default/configmaps", {{"metadata", {{"name", "deep"}}}});
    std::string fields;
    for (int i = 1; i < 9996; ++i) fields += R"({"f:a":)";
    fields += "{}" + std::string(9995, '}');
    std::string deep = R"({"metadata": {"name": "deep", "managedFields": [{"manager": "m", "operation": "Update",)"
                       R"( "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": )" + fields + "}]}}";
    auto r = c->Put("/api/v1/namespaces/default/configmaps/deep", deep, "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body.substr(0, 200);
    long millis = 0;
    EXPECT_EQ(emu.Stop(&millis), 0);
    EXPECT_LT(millis, 1000);
  }
  EXPECT_LT(std::filesystem::file_size(state), 100000u) << "grows with the objects, not with the square of their depth";
  Emulator again({"", 1.0, state, ""});
  QAREPORTS_START(again);
  json cm = Get(*again.Client(), "/api/v1/namespaces/default/configmaps/kept");
  EXPECT_EQ(cm["data"]["a"], "1");
  json deep = Get(*again.Client(), "/api/v1/namespaces/default/configmaps/deep");
  EXPECT_TRUE(deep["metadata"]["managedFields"][0]["fieldsV1"]["f:a"]["f:a"].is_object());
}

TEST(ClusterTest, StartsWithinASecondAndExitsZeroWithinASecondOfSigterm) {
  Emulator emu;
  auto begin = std::chrono::steady_clock::now();
  QAREPORTS_START(emu);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(1));
  std::thread watcher([&] {
    auto c = emu.Client();
    c->Get("/api/v1/namespaces/default/pods?watch=true", [](const char*, size_t) { return true; });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  long millis = 0;
  EXPECT_EQ(emu.Stop(&millis), 0);
  EXPECT_LT(millis, 1000);
  watcher.join();
}

TEST(ClusterTest, RejectsBadArgumentsAndRulesBeforeServing) {
  TempDir dir;
  auto r = RunProcess({QAREPORTS_EMULATOR_BINARY}, {}, 10);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--kubeconfig is required"), std::string::npos) << r.err;
  std::string rules = dir.Write("rules.yaml", "images:\n  - match: \"*\"\n    behaviour: explode\n");
  r = RunProcess({QAREPORTS_EMULATOR_BINARY, "--kubeconfig", dir.path() + "/kc", "--rules", rules}, {}, 10);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown behaviour 'explode'"), std::string::npos) << r.err;
  r = RunProcess({QAREPORTS_EMULATOR_BINARY, "--kubeconfig", dir.path() + "/kc", "--faults", "error=418"}, {}, 10);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "") << "no ready line before failing";
}

}  // namespace
}  // namespace qareports::emulator::testing
