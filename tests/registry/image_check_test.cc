// The image check against a real OCI registry (Debian's docker-registry):
// anonymous, behind basic auth, and behind a token service's bearer tokens as
// Docker Hub is; and against a stand-in for Docker Hub itself. A stop while
// asking is the job's, not the registry's.
#include "registry/image_check.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "fakes/fake_sys.h"
#include "fixtures/oci_registry.h"
#include "fixtures/token_issuer.h"
#include "sys/http_client.h"

namespace qareports::testing {
namespace {

TEST(ImageRefTest, ParsesAsDockerDoes) {
  registry::ImageRef hub = registry::ParseImage("squadproject/squad:1.89").value();
  EXPECT_EQ(hub.registry, "registry-1.docker.io");
  EXPECT_EQ(hub.repository, "squadproject/squad");
  EXPECT_EQ(hub.tag, "1.89");
  EXPECT_EQ(registry::ParseImage("docker.io/squadproject/squad:1.89").value().repository, "squadproject/squad");
  EXPECT_EQ(registry::ParseImage("httpd:2.4").value().repository, "library/httpd");
  registry::ImageRef local = registry::ParseImage("127.0.0.1:5000/qa/squad:1.90-rc.1").value();
  EXPECT_EQ(local.registry, "127.0.0.1:5000");
  EXPECT_EQ(local.repository, "qa/squad");
  EXPECT_EQ(local.tag, "1.90-rc.1");
  EXPECT_FALSE(registry::ParseImage("squadproject/squad").ok());
  EXPECT_FALSE(registry::ParseImage("Squad:1.89").ok());
}

TEST(ImageCheckTest, RealRegistryFoundAndMissingTags) {
  if (std::string why = OciRegistry::Unavailable(); !why.empty()) GTEST_SKIP() << why;
  OciRegistry registry;
  ASSERT_TRUE(registry.ok()) << registry.error();
  ASSERT_TRUE(registry.Push("squadproject/squad", "1.89"));
  sys::RealHttpClient http;
  EXPECT_TRUE(registry::CheckImage(registry::ParseImage(registry.host() + "/squadproject/squad:1.89").value(), {}, http).ok());
  Status missing =
      registry::CheckImage(registry::ParseImage(registry.host() + "/squadproject/squad:9.99").value(), {}, http);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kFailed);
  EXPECT_NE(missing.error().message.find("squadproject/squad:9.99 does not exist"), std::string::npos);
  EXPECT_EQ(registry::CheckImage(registry::ParseImage(registry.host() + "/nobody/else:1").value(), {}, http).error().kind,
            ErrorKind::kFailed);
}

TEST(ImageCheckTest, RealRegistryBehindBasicAuth) {
  if (std::string why = OciRegistry::Unavailable(); !why.empty()) GTEST_SKIP() << why;
  OciRegistry registry("ci", "s3cret-pass");
  ASSERT_TRUE(registry.ok()) << registry.error();
  ASSERT_TRUE(registry.Push("squadproject/squad", "1.90"));
  sys::RealHttpClient http;
  registry::ImageRef ref = registry::ParseImage(registry.host() + "/squadproject/squad:1.90").value();
  Status anonymous = registry::CheckImage(ref, {}, http);
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(anonymous.error().message.find("s3cret"), std::string::npos);
  EXPECT_TRUE(registry::CheckImage(ref, {"ci", "s3cret-pass"}, http).ok());
  Status wrong = registry::CheckImage(ref, {"ci", "wrong"}, http);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("check the registry credentials"), std::string::npos);
}

TEST(ImageCheckTest, RealRegistryBehindBearerTokens) {
  if (std::string why = OciRegistry::Unavailable(); !why.empty()) GTEST_SKIP() << why;
  if (std::string why = TokenIssuer::Unavailable(); !why.empty()) GTEST_SKIP() << why;
  TokenIssuer issuer;
  ASSERT_TRUE(issuer.ok()) << issuer.error();
  OciRegistry registry(issuer);
  ASSERT_TRUE(registry.ok()) << registry.error();
  ASSERT_TRUE(registry.Push("squadproject/squad", "1.89")) << "the registry takes the issuer's tokens";
  sys::RealHttpClient http;
  sys::HttpRequest bare;
  bare.method = "HEAD";
  bare.url = "http://" + registry.host() + "/v2/squadproject/squad/manifests/1.89";
  ASSERT_EQ(http.Send(bare).status, 401) << "without a token the registry refuses";
  EXPECT_TRUE(registry::CheckImage(registry::ParseImage(registry.host() + "/squadproject/squad:1.89").value(), {}, http).ok());
  ASSERT_FALSE(issuer.scopes().empty()) << "a token was asked for";
  EXPECT_EQ(issuer.scopes().back(), "repository:squadproject/squad:pull");
  Status missing =
      registry::CheckImage(registry::ParseImage(registry.host() + "/squadproject/squad:9.99").value(), {}, http);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kFailed) << missing.error().message;
}

// Docker Hub's flow: 401 with a Bearer challenge, a token from the realm, then the manifest.
TEST(ImageCheckTest, BearerTokenFlowAsDockerHubAsksIt) {
  httplib::Server hub;
  hub.set_keep_alive_max_count(1);  // stop() need not wait for idle connections
  int port = hub.bind_to_any_port("127.0.0.1");
  std::string asked_scope;
  hub.Get("/token", [&](const httplib::Request& req, httplib::Response& res) {
    asked_scope = req.get_param_value("scope");
    res.set_content(R"({"token":"anon-token"})", "application/json");
  });
  hub.Get("/v2/squadproject/squad/manifests/(.*)", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Authorization") != "Bearer anon-token") {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + std::to_string(port) +
                                             "/token\",service=\"registry.test\",scope=\"repository:squadproject/squad:pull\"");
      return;
    }
    res.status = req.matches[1] == "1.89" ? 200 : 404;
  });
  std::thread server([&] { hub.listen_after_bind(); });
  sys::RealHttpClient http;
  std::string host = "127.0.0.1:" + std::to_string(port);
  EXPECT_TRUE(registry::CheckImage(registry::ParseImage(host + "/squadproject/squad:1.89").value(), {}, http).ok());
  EXPECT_EQ(asked_scope, "repository:squadproject/squad:pull");
  EXPECT_EQ(registry::CheckImage(registry::ParseImage(host + "/squadproject/squad:1.91").value(), {}, http).error().kind,
            ErrorKind::kFailed);
  hub.stop();
  server.join();
}

// Found by bench/reliability.py: a SIGTERM while the registry was asked
// ended the job with 69 ("unavailable"); a stopped job says it was stopped.
TEST(ImageCheckTest, AStopWhileTheRegistryIsAskedIsAFailureNotAnUnavailableRegistry) {
  FakeHttp http;
  http.answer = sys::HttpResponse{};
  http.answer.job_stopped = true;
  http.answer.transport_error = "the job was stopped (SIGTERM) before an answer came";
  Status s = registry::CheckImage(registry::ParseImage("registry.test/squadproject/squad:1.89").value(), {}, http);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kFailed);
  EXPECT_NE(s.error().message.find("stopped (SIGTERM)"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("nothing was changed"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace qareports::testing
