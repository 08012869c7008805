// The agent's way into a cluster, against the emulator: discovery, every
// auth mode, refusals named with cluster, verb and resource, retries.
#include "kube/client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fixtures/emulator_client.h"
#include "kube/discovery.h"
#include "sys/stop.h"

namespace qareports::testing {
namespace {

class ClientTest : public ::testing::Test {
 protected:
  void Connect(EmulatorCluster& cluster, const std::string& context) {
    ASSERT_TRUE(cluster.ok()) << cluster.error();
    Status s = c_.Connect(cluster, context);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
  }
  EmulatorClient c_;
  kube::Target& target_ = c_.target;
  FakeClock& clock_ = c_.clock;
  std::unique_ptr<kube::Client>& client_ = c_.client;
};

TEST_F(ClientTest, DiscoveryMapsKindsToResourcesAndScopes) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator");
  Result<kube::Discovery> d = kube::Discovery::Load(*client_);
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  Result<kube::ResourceInfo> deploy = d->Find("apps/v1", "Deployment");
  ASSERT_TRUE(deploy.ok());
  EXPECT_EQ(deploy->ObjectPath("qareports-staging", "web"), "/apis/apps/v1/namespaces/qareports-staging/deployments/web");
  Result<kube::ResourceInfo> ns = d->Find("v1", "Namespace");
  ASSERT_TRUE(ns.ok());
  EXPECT_FALSE(ns->namespaced);
  EXPECT_EQ(ns->ObjectPath("ignored", "x"), "/api/v1/namespaces/x");
  EXPECT_TRUE(d->Find("autoscaling/v1", "HorizontalPodAutoscaler").ok());
  EXPECT_TRUE(d->Find("coordination.k8s.io/v1", "Lease").ok());
  Result<kube::ResourceInfo> unknown = d->Find("example.org/v1", "Widget");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalidInput);
  EXPECT_LE(client_->requests_sent(), 2);  // aggregated discovery: one request per root
}

TEST_F(ClientTest, AListCanBeReadWithoutManagedFieldsOrAsNamesOnlyAndItsItemsWithoutACopy) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator");
  kube::ApiCall apply;
  apply.method = "PATCH";
  apply.path = "/api/v1/namespaces/default/configmaps/settings?fieldManager=qareports";
  apply.content_type = "application/apply-patch+yaml";
  apply.body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"a":"b"}})";
  ASSERT_TRUE(client_->Call(apply)->ok());
  kube::ApiCall whole = kube::Get("/api/v1/namespaces/default/configmaps");
  kube::ApiCall lean = whole, names = whole;
  lean.keep = kube::Keep::kAllButManagedFields;
  names.keep = kube::Keep::kItemNames;
  names.path += "?limit=1";
  std::vector<Result<kube::ApiResult>> lists = client_->CallAll({whole, lean, names}, 3);
  ASSERT_TRUE(lists[0].ok() && lists[1].ok() && lists[2].ok());
  ASSERT_EQ(lists[0]->Items().size(), 1u);
  ASSERT_EQ(lists[1]->Items().size(), 1u);
  EXPECT_TRUE(lists[0]->Items()[0]["metadata"].contains("managedFields"));
  EXPECT_FALSE(lists[1]->Items()[0]["metadata"].contains("managedFields"));
  EXPECT_EQ(lists[1]->Items()[0]["metadata"]["name"], "settings");
  EXPECT_EQ(lists[1]->Items()[0]["data"]["a"], "b");
  EXPECT_EQ(&lists[1]->Items(), &lists[1]->json["items"]) << "the items themselves, not a copy";
  EXPECT_EQ(lists[2]->Items(), nlohmann::json::parse(R"([{"metadata":{"name":"settings","namespace":"default"}}])"));
  EXPECT_TRUE(lists[2]->json["metadata"].contains("resourceVersion")) << "the list's own metadata is kept";
  EXPECT_TRUE(client_->Call(kube::Get("/api/v1/namespaces/default/configmaps/settings"))->Items().empty());
}

TEST_F(ClientTest, ClientCertificateAuthWorks) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator-cert");
  ASSERT_FALSE(target_.tls.client_cert_pem.empty());
  Result<kube::ApiResult> r = client_->Call(kube::Get("/api/v1/namespaces"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
}

TEST_F(ClientTest, ClientCertificateConnectionsResumeTheirTlsSessions) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator-cert");
  // Each answer closes its connection: every request after the first makes
  // a new one, offering the session libcurl kept from the one before.
  for (int i = 0; i < 8; ++i) {
    sys::HttpRequest r;
    r.url = target_.server + "/api/v1/namespaces";
    r.tls = target_.tls;
    r.headers = {{"Connection", "close"}, {"Accept", "application/json"}};
    sys::HttpResponse answer = c_.http.Send(r);
    EXPECT_EQ(answer.status, 200) << "request " << i << ": " << answer.transport_error;
    EXPECT_FALSE(answer.tls_handshake) << "request " << i << ": " << answer.transport_error;
  }
}

TEST_F(ClientTest, ForbiddenWriteIsUnavailableNamingClusterVerbAndResource) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator-readonly");
  EXPECT_EQ(client_->Call(kube::Get("/api/v1/namespaces")).value().status, 200);
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/api/v1/namespaces";
  create.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}})";
  Result<kube::ApiResult> r = client_->Call(create);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().message.find("cluster \"emulator\""), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("create /api/v1/namespaces: 403 Forbidden"), std::string::npos)
      << r.error().message;
}

TEST_F(ClientTest, WrongCaAndBadTokenAreRefusedNotRetriedForever) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster cluster;
  Connect(cluster, "emulator");
  target_.tls.ca_pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  Result<kube::ApiResult> tls = client_->Call(kube::Get("/version"));
  ASSERT_FALSE(tls.ok());
  EXPECT_EQ(tls.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(tls.error().message.find("TLS failed"), std::string::npos) << tls.error().message;
  Connect(cluster, "emulator");
  target_.token = "expired-token";
  Result<kube::ApiResult> unauthorized = client_->Call(kube::Get("/api/v1/namespaces"));
  ASSERT_FALSE(unauthorized.ok());
  EXPECT_NE(unauthorized.error().message.find("401 Unauthorized"), std::string::npos);
  EXPECT_EQ(client_->requests_sent(), 1);
}

TEST_F(ClientTest, TransientErrorsAreRetriedHonouringRetryAfter) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "error=429:verb=list,resource=namespaces,times=2;error=503:verb=list,resource=configmaps,times=1";
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  Result<kube::ApiResult> r = client_->Call(kube::Get("/api/v1/namespaces"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(client_->requests_sent(), 3);
  EXPECT_GE(clock_.slept, 1.0);  // Retry-After, not a tight loop
  std::vector<Result<kube::ApiResult>> both =
      client_->CallAll({kube::Get("/api/v1/namespaces/default/configmaps"), kube::Get("/api/v1/namespaces")});
  ASSERT_TRUE(both[0].ok() && both[1].ok());
  EXPECT_EQ(both[0]->status, 200);
  EXPECT_EQ(both[1]->status, 200);
}

// The server is told how long the client waits (`timeout`, as client-go
// does): a write the client gave up on is not made later by the server.
TEST_F(ClientTest, AWriteTheClientGaveUpOnIsNotMadeLaterByTheServer) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "latency=1500ms:verb=patch,resource=configmaps";
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/api/v1/namespaces/default/configmaps";
  create.body = R"({"metadata":{"name":"settings"},"data":{"v":"1"}})";
  ASSERT_TRUE(client_->Call(create)->ok());
  kube::Client impatient(target_, c_.http, *c_.credentials, clock_, kube::RetryPolicy{1, 0.2, 5, 30});
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = "/api/v1/namespaces/default/configmaps/settings";
  patch.content_type = "application/merge-patch+json";
  patch.body = R"({"data":{"v":"2"}})";
  patch.timeout_seconds = 0.5;
  Result<kube::ApiResult> r = impatient.Call(patch);
  ASSERT_FALSE(r.ok() && r->ok()) << "no answer within half a second";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  Result<kube::ApiResult> live = client_->Call(kube::Get("/api/v1/namespaces/default/configmaps/settings"));
  ASSERT_TRUE(live.ok() && live->ok());
  EXPECT_EQ(live->json["data"]["v"], "1") << "the write given up on was not made";
}

// After a stop, a request the server holds is given up after a third of
// the cleanup's time and sent again, instead of taking all of it.
TEST_F(ClientTest, AfterAStopARequestThatHangsIsSentAgainInTime) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "latency=30s:verb=list,resource=configmaps,times=1";
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  sys::RequestStop("SIGTERM (test)");
  Result<kube::ApiResult> r = client_->Call(kube::Get("/api/v1/namespaces/default/configmaps"));
  double left = sys::CleanupSecondsLeft();
  sys::ClearStop();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(client_->requests_sent(), 2) << "the held request, then the one answered";
  EXPECT_GT(left, 3.0) << "time was left for the rest of the cleanup";
}

// A request cut short because the job's --timeout ran out is the stop's
// doing: the job failed in a known state (1), the server is not
// unreachable (69).
TEST_F(ClientTest, ARequestTheJobsDeadlineCutShortIsAStopNotAnUnreachableServer) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "latency=5s:verb=list,resource=configmaps";
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  sys::SetDeadline(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // past the work's share of the deadline
  Result<kube::ApiResult> r = client_->Call(kube::Get("/api/v1/namespaces/default/configmaps"));
  sys::ClearStop();
  ASSERT_FALSE(r.ok() && r->ok());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed) << r.error().ToString();
  EXPECT_NE(r.error().message.find("the job was stopped (--timeout (1 s) ran out) before an answer came"),
            std::string::npos)
      << r.error().message;
}

TEST_F(ClientTest, ManyCallsToADistantServerGoAsManyAtOnceAsTheSettingAllows) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "latency=20ms";
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  client_->concurrency().SetMax(24);
  std::vector<kube::ApiCall> gets(300, kube::Get("/api/v1/namespaces/default"));
  for (const Result<kube::ApiResult>& r : client_->CallAll(gets)) ASSERT_TRUE(r.ok() && r->ok());
  EXPECT_EQ(client_->concurrency().highest(), 24) << "answers as fast as the first: raised to the setting";
  EXPECT_EQ(client_->requests_sent(), 300);
  EXPECT_EQ(client_->concurrency().throttled(), 0);
}

TEST_F(ClientTest, AServerThatRefusesWhatItCannotServeGetsFewerAtOnceAndEveryCallIsAnswered) {
  QAREPORTS_REQUIRE_EMULATOR();
  EmulatorCluster::Options options;
  options.faults = "inflight=6;latency=20ms";  // priority and fairness: six seats, no queue
  EmulatorCluster cluster(options);
  Connect(cluster, "emulator");
  // At most eight at once, so the count below holds at any speed: the
  // server can seat no more than the client has in flight. (How high the
  // client would climb before the first refusal depends on how fast the
  // machine answers: a busy one queues requests in the server's threads,
  // where they take no seat.)
  client_->concurrency().SetMax(8);
  std::vector<kube::ApiCall> gets(300, kube::Get("/api/v1/namespaces/default"));
  for (const Result<kube::ApiResult>& r : client_->CallAll(gets)) {
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->status, 200);
  }
  Result<kube::ApiResult> stats = client_->Call(kube::Get("/emulator/stats"));
  ASSERT_TRUE(stats.ok() && stats->ok());
  long refused = stats->json.value("throttled", -1L);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(client_->concurrency().throttled(), refused);
  EXPECT_EQ(client_->requests_sent(), 300 + refused + 1);
  // Eight in flight: at most two beyond the six seats, then halved. Raised
  // again, it is refused at seven at most once more, and never again has
  // seven in flight. A client that kept eight in flight would be refused
  // every few answers.
  EXPECT_LE(refused, 3) << "backing off, and staying below what was refused";
  EXPECT_LE(client_->concurrency().Limit(), 6);
  EXPECT_GE(clock_.slept, 1.0) << "the refused were sent again after their Retry-After";
}

}  // namespace
}  // namespace qareports::testing
