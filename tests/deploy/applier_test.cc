// Server-side apply and prune, against a recording API server: namespaces
// go first, an object the server refuses is an error of that object (the
// others still applied), a kind the server does not serve is invalid input,
// and prune deletes exactly the labelled live objects the release no longer
// names.
#include "deploy/applier.h"

#include <gtest/gtest.h>

#include "fakes/fake_sys.h"
#include "sys/file_system.h"
#include "sys/process_runner.h"

namespace qareports::testing {
namespace {

// Answers every request, keeping "METHOD path"; `answers` by path prefix.
class RecordingApi : public FakeHttp {
 public:
  std::vector<std::string> requests;
  std::map<std::string, std::pair<int, std::string>> answers;  // path -> status, body

  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    std::string path = request.url.substr(request.url.find('/', 8));
    requests.push_back(request.method + " " + path);
    sys::HttpResponse r = Found();
    r.headers["content-type"] = "application/json";
    r.body = R"({"kind":"List","metadata":{},"items":[]})";
    for (const auto& [prefix, answer] : answers) {
      if (path.rfind(prefix, 0) == 0) r.status = answer.first, r.body = answer.second;
    }
    return r;
  }
};

nlohmann::json Object(const std::string& api_version, const std::string& kind, const std::string& name) {
  nlohmann::json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (kind != "Namespace") o["metadata"]["namespace"] = "qareports-staging";
  return o;
}

class ApplierTest : public ::testing::Test {
 protected:
  ApplierTest() {
    session_.target.server = "https://cluster.test";
    session_.target.token = "t0ken";
    session_.namespace_ = "qareports-staging";
    session_.credentials = std::make_unique<kube::Credentials>(session_.target, runner_, fs_, clock_);
    session_.client = std::make_unique<kube::Client>(session_.target, api_, *session_.credentials, clock_);
    std::vector<std::string> verbs = {"get", "list", "patch", "delete"};
    session_.discovery = kube::Discovery::FromResources({{"", "v1", "Namespace", "namespaces", false, verbs},
                                                         {"", "v1", "ConfigMap", "configmaps", true, verbs},
                                                         {"apps", "v1", "Deployment", "deployments", true, verbs}});
  }

  RecordingApi api_;
  FakeClock clock_;
  sys::RealFileSystem fs_;
  sys::RealProcessRunner runner_;
  kube::Session session_;
};

TEST_F(ApplierTest, NamespacesGoFirstAndARefusedObjectIsAnErrorOfItsOwn) {
  api_.answers["/api/v1/namespaces/qareports-staging/configmaps/Bad_Name"] = {
      422, R"({"kind":"Status","message":"metadata.name: Invalid value: \"Bad_Name\""})"};
  nlohmann::json objects = {Object("apps/v1", "Deployment", "web"), Object("v1", "ConfigMap", "Bad_Name"),
                            Object("v1", "Namespace", "qareports-staging")};
  Result<deploy::ApplyResult> r = deploy::ApplyObjects(session_, objects);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(api_.requests.size(), 3u);
  EXPECT_EQ(api_.requests[0].rfind("PATCH /api/v1/namespaces/qareports-staging?fieldManager=qareports&force=true", 0), 0u)
      << api_.requests[0];
  EXPECT_FALSE(r->ok());
  ASSERT_EQ(r->objects.size(), 3u);
  EXPECT_EQ(r->objects[0].title, "Namespace qareports-staging");
  EXPECT_EQ(r->objects[1].error, "");
  EXPECT_EQ(r->objects[2].title, "ConfigMap qareports-staging/Bad_Name");
  EXPECT_NE(r->objects[2].error.find("422: metadata.name: Invalid value"), std::string::npos) << r->objects[2].error;
}

TEST_F(ApplierTest, AKindTheServerDoesNotServeIsInvalidInputBeforeAnyRequest) {
  Result<deploy::ApplyResult> r =
      deploy::ApplyObjects(session_, {Object("v1", "ConfigMap", "a"), Object("batch/v1", "CronJob", "nightly")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(api_.requests.empty());
}

TEST_F(ApplierTest, PruneDeletesOnlyTheLabelledObjectsTheReleaseNoLongerNames) {
  api_.answers["/api/v1/namespaces/qareports-staging/configmaps?"] = {
      200, R"({"kind":"List","metadata":{},"items":[{"metadata":{"name":"settings","namespace":"qareports-staging"}},)"
           R"({"metadata":{"name":"old-settings","namespace":"qareports-staging"}}]})"};
  Result<deploy::ApplyResult> r = deploy::PruneExcept(session_, {Object("v1", "ConfigMap", "settings")}, "staging");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].title, "ConfigMap qareports-staging/old-settings");
  EXPECT_EQ(r->objects[0].action, "pruned");
  std::vector<std::string> deletes;
  for (const std::string& q : api_.requests) {
    if (q.rfind("DELETE", 0) == 0) deletes.push_back(q);
  }
  EXPECT_EQ(deletes, std::vector<std::string>{"DELETE /api/v1/namespaces/qareports-staging/configmaps/old-settings"});
  for (const std::string& q : api_.requests) {
    if (q.rfind("GET", 0) != 0) continue;
    EXPECT_NE(q.find("labelSelector="), std::string::npos) << "only labelled objects: " << q;
  }
}

}  // namespace
}  // namespace qareports::testing
