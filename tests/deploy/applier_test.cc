// Server-side apply and prune, against a recording API server: namespaces
// go first, an object the server refuses is an error of that object (the
// others still applied), a kind the server does not serve is invalid input,
// prune deletes exactly the labelled live objects the release no longer
// names, and each object is applied or deleted at the resourceVersion just
// read (read again when it changed in between).
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
  std::vector<std::string> requests, bodies;
  std::map<std::string, std::pair<int, std::string>> answers;  // path -> status, body

  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    std::string path = request.url.substr(request.url.find('/', 8));
    requests.push_back(request.method + " " + path);
    bodies.push_back(request.body);
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

// One Deployment, web, labelled for staging, whose status a controller
// writes `writes_between` times just after it is read (its resourceVersion
// moves on each time); an apply or a delete is refused (409) unless it
// carries the current resourceVersion.
class VersionedApi : public FakeHttp {
 public:
  bool exists = true;
  bool gone_after_list = false;  // deleted by someone else once listed
  int version = 7;
  int writes_between = 0;
  std::vector<std::string> applied_at, deleted_at;  // the resourceVersion each apply, each delete carried

  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    sys::HttpResponse r = Found();
    r.headers["content-type"] = "application/json";
    if (request.method == "GET" && request.url.find("labelSelector=") != std::string::npos) {
      nlohmann::json items = nlohmann::json::array();
      if (exists && request.url.find("/deployments?") != std::string::npos) {
        items.push_back({{"metadata", {{"name", "web"}, {"namespace", "qareports-staging"}}}});
        exists = !gone_after_list;
      }
      r.body = nlohmann::json{{"kind", "List"}, {"metadata", nlohmann::json::object()}, {"items", items}}.dump();
      return r;
    }
    if (request.method == "DELETE") return Delete(request);
    if (request.method == "GET") {
      if (!exists) {
        r.status = 404;
        r.body = R"({"kind":"Status","reason":"NotFound","message":"deployments.apps \"web\" not found"})";
        return r;
      }
      r.body = nlohmann::json{{"metadata", {{"name", "web"}, {"resourceVersion", std::to_string(version)}}}}.dump();
      if (writes_between-- > 0) ++version;
      return r;
    }
    nlohmann::json applied = nlohmann::json::parse(request.body);
    std::string rv = applied["metadata"].value("resourceVersion", "");
    applied_at.push_back(rv);
    if (exists && rv != std::to_string(version)) {
      r.status = 409;
      r.body = R"({"kind":"Status","reason":"Conflict","message":"Operation cannot be fulfilled on )"
               R"(deployments.apps \"web\": the object has been modified; please apply your changes to )"
               R"(the latest version and try again"})";
      return r;
    }
    r.status = exists ? 200 : 201;
    exists = true;
    ++version;
    r.body = "{}";
    return r;
  }

 private:
  sys::HttpResponse Delete(const sys::HttpRequest& request) {
    sys::HttpResponse r = Found();
    r.headers["content-type"] = "application/json";
    std::string rv = nlohmann::json::parse(request.body)["preconditions"].value("resourceVersion", "");
    deleted_at.push_back(rv);
    if (!exists) {
      r.status = 404;
      r.body = R"({"kind":"Status","reason":"NotFound","message":"deployments.apps \"web\" not found"})";
    } else if (rv != std::to_string(version)) {
      r.status = 409;
      r.body = R"({"kind":"Status","reason":"Conflict","message":"Operation cannot be fulfilled on deployments.apps )"
               R"(\"web\": Precondition failed: ResourceVersion in precondition: )" + rv + "\"}";
    } else {
      exists = false;
      r.body = R"({"kind":"Status","status":"Success"})";
    }
    return r;
  }
};

template <class Api>
class ApiSession : public ::testing::Test {
 protected:
  ApiSession() {
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

  Api api_;
  FakeClock clock_;
  sys::RealFileSystem fs_;
  sys::RealProcessRunner runner_;
  kube::Session session_;
};

using ApplierTest = ApiSession<RecordingApi>;
using FencedApplyTest = ApiSession<VersionedApi>;

TEST_F(ApplierTest, NamespacesGoFirstAndARefusedObjectIsAnErrorOfItsOwn) {
  api_.answers["/api/v1/namespaces/qareports-staging/configmaps/Bad_Name"] = {
      422, R"({"kind":"Status","message":"metadata.name: Invalid value: \"Bad_Name\""})"};
  nlohmann::json objects = {Object("apps/v1", "Deployment", "web"), Object("v1", "ConfigMap", "Bad_Name"),
                            Object("v1", "Namespace", "qareports-staging")};
  Result<deploy::ApplyResult> r = deploy::ApplyObjects(session_, objects);
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::vector<std::string> patches;
  for (const std::string& q : api_.requests) {
    if (q.rfind("PATCH", 0) == 0) patches.push_back(q);
  }
  ASSERT_EQ(patches.size(), 2u) << "the refused one is not written";
  EXPECT_EQ(patches[0].rfind("PATCH /api/v1/namespaces/qareports-staging?fieldManager=qareports&force=true", 0), 0u)
      << patches[0];
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
  api_.answers["/api/v1/namespaces/qareports-staging/configmaps/old-settings"] = {
      200, R"({"metadata":{"name":"old-settings","namespace":"qareports-staging","resourceVersion":"41"}})"};
  Result<deploy::ApplyResult> r = deploy::PruneExcept(session_, {Object("v1", "ConfigMap", "settings")}, "staging");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].title, "ConfigMap qareports-staging/old-settings");
  EXPECT_EQ(r->objects[0].action, "pruned");
  std::vector<std::string> deletes;
  for (size_t i = 0; i < api_.requests.size(); ++i) {
    if (api_.requests[i].rfind("DELETE", 0) != 0) continue;
    deletes.push_back(api_.requests[i]);
    nlohmann::json options = nlohmann::json::parse(api_.bodies[i]);
    EXPECT_EQ(options["preconditions"]["resourceVersion"], "41") << "at the version it was read at";
    EXPECT_EQ(options["propagationPolicy"], "Background");
  }
  EXPECT_EQ(deletes, std::vector<std::string>{
                         "DELETE /api/v1/namespaces/qareports-staging/configmaps/old-settings?timeout=30000ms"});
  int lists = 0;
  for (const std::string& q : api_.requests) {
    if (q.rfind("GET", 0) != 0 || q.find("/configmaps/old-settings?") != std::string::npos) continue;
    ++lists;
    EXPECT_NE(q.find("labelSelector="), std::string::npos) << "only labelled objects: " << q;
  }
  EXPECT_GT(lists, 0);
}

TEST_F(FencedApplyTest, AnObjectIsAppliedAtTheVersionItWasReadAtAndReadAgainWhenItChangedInBetween) {
  api_.writes_between = 2;
  Result<deploy::ApplyResult> r = deploy::ApplyObjects(session_, {Object("apps/v1", "Deployment", "web")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].error, "");
  EXPECT_EQ(r->objects[0].action, "configured");
  EXPECT_EQ(api_.applied_at, (std::vector<std::string>{"7", "8", "9"}));
  EXPECT_EQ(api_.version, 10) << "written once";
}

TEST_F(FencedApplyTest, AnObjectThatNeverStopsChangingIsAnErrorOfItsOwnAfterFiveTries) {
  api_.writes_between = 1000;
  Result<deploy::ApplyResult> r = deploy::ApplyObjects(session_, {Object("apps/v1", "Deployment", "web")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(api_.applied_at.size(), 5u);
  EXPECT_NE(r->objects[0].error.find("409: Operation cannot be fulfilled"), std::string::npos) << r->objects[0].error;
  EXPECT_NE(r->objects[0].error.find("it changed each of the 5 times it was applied"), std::string::npos)
      << r->objects[0].error;
}

TEST_F(FencedApplyTest, AnObjectThatDoesNotExistIsCreatedWithoutAVersion) {
  api_.exists = false;
  Result<deploy::ApplyResult> r = deploy::ApplyObjects(session_, {Object("apps/v1", "Deployment", "web")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].action, "created");
  EXPECT_EQ(r->objects[0].error, "");
  EXPECT_EQ(api_.applied_at, std::vector<std::string>{""});
}

TEST_F(FencedApplyTest, AnObjectToPruneIsDeletedAtTheVersionItWasReadAtAndReadAgainWhenItChangedInBetween) {
  api_.writes_between = 2;
  Result<deploy::ApplyResult> r = deploy::PruneExcept(session_, {}, "staging");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].title, "Deployment qareports-staging/web");
  EXPECT_EQ(r->objects[0].action, "pruned");
  EXPECT_EQ(r->objects[0].error, "");
  EXPECT_EQ(api_.deleted_at, (std::vector<std::string>{"7", "8", "9"}));
  EXPECT_FALSE(api_.exists);
}

TEST_F(FencedApplyTest, AnObjectToPruneThatNeverStopsChangingIsAnErrorOfItsOwnAndStays) {
  api_.writes_between = 1000;
  Result<deploy::ApplyResult> r = deploy::PruneExcept(session_, {}, "staging");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(api_.deleted_at.size(), 5u);
  EXPECT_NE(r->objects[0].error.find("it changed each of the 5 times it was deleted"), std::string::npos)
      << r->objects[0].error;
  EXPECT_TRUE(api_.exists);
}

TEST_F(FencedApplyTest, AnObjectToPruneThatIsGoneWhenReadIsPrunedWithoutADelete) {
  api_.gone_after_list = true;
  Result<deploy::ApplyResult> r = deploy::PruneExcept(session_, {}, "staging");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->objects.size(), 1u);
  EXPECT_EQ(r->objects[0].action, "pruned");
  EXPECT_EQ(r->objects[0].error, "");
  EXPECT_TRUE(api_.deleted_at.empty());
}

}  // namespace
}  // namespace qareports::testing
