// The workloads check over a scripted API server: every Deployment of the
// environment rolled out and running the expected version, whatever shape the
// server gives the objects it lists.
#include "checks/workloads_check.h"

#include <gtest/gtest.h>

#include "fakes/fake_sys.h"
#include "sys/file_system.h"
#include "sys/process_runner.h"

namespace qareports::testing {
namespace {

class ListingApi : public FakeHttp {
 public:
  nlohmann::json items = nlohmann::json::array();
  sys::HttpResponse Send(const sys::HttpRequest& request) override {
    sys::HttpResponse r = FakeHttp::Send(request);
    r.body = nlohmann::json{{"kind", "DeploymentList"}, {"items", items}}.dump();
    r.headers["content-type"] = "application/json";
    return r;
  }
};

class WorkloadsCheckTest : public ::testing::Test {
 protected:
  checks::CheckResult Check() {
    kube::Target target;
    target.server = "https://cluster.test";
    target.token = "t0ken";
    kube::Credentials credentials(target, runner_, fs_, clock_);
    kube::Client client(target, api_, credentials, clock_);
    config::Check check{"workloads", "workloads", {}, {}};
    return checks::WorkloadsCheck(check, client, "qareports-staging", "staging", "squadproject/squad", "1.90", clock_);
  }
  ListingApi api_;
  FakeClock clock_;
  sys::RealFileSystem fs_;
  sys::RealProcessRunner runner_;
};

nlohmann::json Web(const std::string& image) {
  return nlohmann::json::parse(R"({"metadata":{"name":"web"},"spec":{"replicas":1,"template":{"spec":{"containers":[
      {"name":"squad","image":")" + image + R"("}]}}},"status":{"replicas":1,"updatedReplicas":1,"readyReplicas":1,
      "availableReplicas":1}})");
}

TEST_F(WorkloadsCheckTest, PassesWhenEveryDeploymentRunsTheVersionAndFailsNamingOneThatDoesNot) {
  api_.items = {Web("squadproject/squad:1.90")};
  checks::CheckResult r = Check();
  EXPECT_TRUE(r.passed) << r.message;
  api_.items = {Web("squadproject/squad:1.89")};
  r = Check();
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("web: runs squadproject/squad:1.89, expected squadproject/squad:1.90"), std::string::npos)
      << r.message;
}

// A listed Deployment without metadata or spec was read through a const
// json's operator[], which asserts (undefined behaviour in a release build).
TEST_F(WorkloadsCheckTest, ADeploymentWithoutMetadataOrSpecFailsTheCheckWithoutACrash) {
  api_.items = nlohmann::json::parse(R"([{"kind":"Deployment"},{"metadata":"web","spec":{"template":7}}])");
  checks::CheckResult r = Check();
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("0 of 1 new replicas have been updated"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace qareports::testing
