// The `http` check through libcurl against real HTTP and HTTPS servers
// (cpp-httplib's, on loopback, started and stopped by each test): status,
// body text and regex, JSON fields by pointer, Token and Bearer headers
// that never show, redirects, TLS verification and timeouts.
#include "checks/http_check.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "fakes/fake_sys.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"
#include "sys/file_system.h"
#include "sys/http_client.h"

namespace qareports::checks {
namespace {

using testing::FakeClock;
using testing::FakeEnvironment;

const char* kHealth = R"({"status": "ok", "database": {"working": true, "connections": 3}, "version": "1.90"})";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Routes every test server answers.
void Route(httplib::Server& s, int& port, std::string& authorization) {
  s.Get("/health", [&](const httplib::Request& req, httplib::Response& res) {
    authorization = req.get_header_value("Authorization");
    res.set_content(kHealth, "application/json");
  });
  s.Get("/private", [](const httplib::Request& req, httplib::Response& res) {
    std::string auth = req.get_header_value("Authorization");
    res.status = auth == "Token tok-81c2f4" || auth == "Bearer tok-81c2f4" ? 200 : 401;
    res.set_content(auth.substr(0, auth.find(' ')), "text/plain");
  });
  s.Get("/text", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("SQUAD 1.90 up since 2026-11-24", "text/plain");
  });
  s.Get("/long", [](const httplib::Request&, httplib::Response& res) {  // a page on one line, minified
    res.set_content("<p>SQUAD 1.90</p>" + std::string(200000, 'x'), "text/html");
  });
  s.Get("/deep", [](const httplib::Request&, httplib::Response& res) {  // 100,000 nested arrays
    res.set_content(R"({"status": "ok", "deep": )" + std::string(100000, '[') + std::string(100000, ']') + "}",
                    "application/json");
  });
  // django-health-check 3.16.4 under SQUAD 1.89 with no broker, as measured
  // (shared/SQUAD.md): 500, and each check's verdict.
  s.Get("/ht/", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"CeleryPingHealthCheck": "unavailable: Unknown error", "DatabaseBackend": "working", )"
                    R"("RabbitMQHealthCheck": "unavailable: Unable to connect to RabbitMQ: Connection was refused."})",
                    "application/json");
  });
  s.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n"
                    "<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n",
                    "text/html");
  });
  s.Get("/old", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect("/health"); });
  s.Get("/loop", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
  s.Get("/api/version/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("  1.90\r\n", "text/plain");  // as a server may pad it
  });
  s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.set_content("late", "text/plain");
  });
  (void)port;
}

class HttpCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.set_keep_alive_max_count(1);  // stop() need not wait for idle connections
    port_ = server_.bind_to_any_port("127.0.0.1");
    Route(server_, port_, authorization_);
    thread_ = std::thread([&] { server_.listen_after_bind(); });
    env_.vars["SQUAD_TOKEN"] = "tok-81c2f4";
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  CheckResult Run(std::map<std::string, std::string> params, std::map<std::string, std::string> json = {}) {
    params.emplace("retries", "0");
    config::Check check{"health", "http", std::move(params), std::move(json)};
    return HttpCheck(check, http_, env_, fs_, clock_);
  }

  httplib::Server server_;
  int port_ = 0;
  std::string authorization_;
  std::thread thread_;
  sys::RealHttpClient http_;
  sys::RealFileSystem fs_;
  FakeEnvironment env_;
  FakeClock clock_;
};

TEST_F(HttpCheckTest, AStarJudgesEveryMemberOfWhatItsPointerPointsAt) {
  CheckResult r = Run({{"url", Url("/health")}}, {{"/database/*", "true"}});
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(Contains(r.message, "/database/connections is 3, expected true")) << r.message;
  EXPECT_FALSE(Contains(r.message, "/database/working")) << r.message;
  EXPECT_TRUE(Contains(Run({{"url", Url("/health")}}, {{"/nothing/*", "x"}}).message, "/nothing is missing"));
  EXPECT_TRUE(Contains(Run({{"url", Url("/health")}}, {{"/status/*", "x"}}).message, "/status is not an object or a list"));
}

TEST_F(HttpCheckTest, StatusBodyTextAndRegex) {
  EXPECT_TRUE(Run({{"url", Url("/text")}, {"body", "SQUAD 1.90"}}).passed);
  CheckResult lacks = Run({{"url", Url("/text")}, {"body", "SQUAD 1.91"}});
  EXPECT_FALSE(lacks.passed);
  EXPECT_TRUE(Contains(lacks.message, "the body lacks \"SQUAD 1.91\"")) << lacks.message;
  EXPECT_TRUE(Run({{"url", Url("/text")}, {"body_regex", R"(SQUAD 1\.\d+ up since \d{4}-)"}}).passed);
  CheckResult nomatch = Run({{"url", Url("/text")}, {"body_regex", R"(^SQUAD 2\.)"}});
  EXPECT_FALSE(nomatch.passed);
  EXPECT_TRUE(Contains(nomatch.message, "does not match /^SQUAD 2\\./")) << nomatch.message;
  CheckResult missing = Run({{"url", Url("/nothing")}});
  EXPECT_TRUE(Contains(missing.message, "status 404, expected 200")) << missing.message;
  EXPECT_TRUE(Run({{"url", Url("/nothing")}, {"status", "404"}}).passed);
}

TEST_F(HttpCheckTest, AFailedHealthPageNamesEachBackendThatIsNotWorkingAndWhatItSaid) {
  CheckResult r = Run({{"url", Url("/ht/?format=json")}},
                      {{"/DatabaseBackend", "working"}, {"/CeleryPingHealthCheck", "working"},
                       {"/RabbitMQHealthCheck", "working"}});
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(Contains(r.message, "status 500, expected 200: ")) << r.message;
  EXPECT_TRUE(Contains(r.message, "/CeleryPingHealthCheck is \"unavailable: Unknown error\", expected working"))
      << r.message;
  EXPECT_TRUE(Contains(r.message, "/RabbitMQHealthCheck is \"unavailable: Unable to connect to RabbitMQ: Connection "
                                  "was refused.\", expected working")) << r.message;
  EXPECT_FALSE(Contains(r.message, "DatabaseBackend")) << "a working backend is not a problem: " << r.message;
  // `/*` judges every backend, those not named too.
  CheckResult each = Run({{"url", Url("/ht/?format=json")}}, {{"/*", "working"}, {"/DatabaseBackend", "working"}});
  EXPECT_FALSE(each.passed);
  EXPECT_TRUE(Contains(each.message, "/CeleryPingHealthCheck is \"unavailable: Unknown error\", expected working"))
      << each.message;
  EXPECT_TRUE(Contains(each.message, "/RabbitMQHealthCheck is ")) << each.message;
  EXPECT_FALSE(Contains(each.message, "DatabaseBackend")) << each.message;
  CheckResult named_once = Run({{"url", Url("/ht/?format=json")}}, {{"/*", "working"}, {"/RabbitMQHealthCheck", "working"}});
  EXPECT_EQ(named_once.message.find("/RabbitMQHealthCheck is "), named_once.message.rfind("/RabbitMQHealthCheck is "))
      << named_once.message;
  // An error page says what it is.
  CheckResult page = Run({{"url", Url("/broken")}}, {{"/DatabaseBackend", "working"}});
  EXPECT_TRUE(Contains(page.message, "status 500, expected 200: Server Error (500)")) << page.message;
}

// A greedy group over a long line took a stack frame per character: the
// agent died on 40 KB.
TEST_F(HttpCheckTest, ARegexOverALongBodyIsMatchedWithoutExhaustingTheStack) {
  CheckResult r = Run({{"url", Url("/long")}, {"body_regex", R"(SQUAD 1\.90</p>(x*)$)"}});
  EXPECT_TRUE(r.passed) << r.message;
  EXPECT_FALSE(Run({{"url", Url("/long")}, {"body_regex", "(x|y)*z"}}).passed);
}

// Writing the value at /deep out recursed once per level: the agent died.
TEST_F(HttpCheckTest, ABodyNestedTooDeeplyFailsTheCheckWithTheReason) {
  CheckResult r = Run({{"url", Url("/deep")}}, {{"/deep", "[]"}});
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(Contains(r.message, "the body is not JSON (or nests deeper than 1000 levels)")) << r.message;
}

TEST_F(HttpCheckTest, JsonFieldsByPointer) {
  CheckResult ok = Run({{"url", Url("/health")}}, {{"/status", "ok"}, {"/database/working", "true"},
                                                   {"/database/connections", "3"}});
  EXPECT_TRUE(ok.passed) << ok.message;
  EXPECT_TRUE(Contains(ok.message, "3 JSON field(s) as expected")) << ok.message;
  CheckResult wrong = Run({{"url", Url("/health")}}, {{"/status", "down"}, {"/cache/working", "true"}});
  EXPECT_FALSE(wrong.passed);
  EXPECT_TRUE(Contains(wrong.message, "/status is \"ok\", expected down")) << wrong.message;
  EXPECT_TRUE(Contains(wrong.message, "/cache/working is missing")) << wrong.message;
  CheckResult text = Run({{"url", Url("/text")}}, {{"/status", "ok"}});
  EXPECT_TRUE(Contains(text.message, "the body is not JSON")) << text.message;
}

TEST_F(HttpCheckTest, TokenOrBearerFromTheEnvironmentNeverShown) {
  CheckResult token = Run({{"url", Url("/private")}, {"token_env", "SQUAD_TOKEN"}, {"body", "Token"}});
  EXPECT_TRUE(token.passed) << token.message;
  CheckResult bearer = Run({{"url", Url("/private")}, {"token_env", "SQUAD_TOKEN"}, {"auth", "bearer"}, {"body", "Bearer"}});
  EXPECT_TRUE(bearer.passed) << bearer.message;
  env_.vars["SQUAD_TOKEN"] = "wrong-token-55aa";
  CheckResult refused = Run({{"url", Url("/private")}, {"token_env", "SQUAD_TOKEN"}});
  EXPECT_TRUE(Contains(refused.message, "status 401")) << refused.message;
  for (const CheckResult* r : {&token, &bearer, &refused}) {
    EXPECT_FALSE(Contains(r->message, "tok-81c2f4"));
    EXPECT_FALSE(Contains(r->message, "wrong-token-55aa"));
  }
  env_.vars.erase("SQUAD_TOKEN");
  EXPECT_EQ(Run({{"url", Url("/private")}, {"token_env", "SQUAD_TOKEN"}}).message,
            "SQUAD_TOKEN is not set (the check's token)");
}

TEST_F(HttpCheckTest, RedirectsFollowedUnlessTurnedOffAndBounded) {
  CheckResult followed = Run({{"url", Url("/old")}}, {{"/status", "ok"}});
  EXPECT_TRUE(followed.passed) << followed.message;
  EXPECT_TRUE(Contains(followed.message, "(redirected 1x to " + Url("/health") + ")")) << followed.message;
  CheckResult kept = Run({{"url", Url("/old")}, {"follow_redirects", "false"}});
  EXPECT_TRUE(Contains(kept.message, "status 302, expected 200")) << kept.message;
  CheckResult loop = Run({{"url", Url("/loop")}});
  EXPECT_FALSE(loop.passed);
  EXPECT_TRUE(Contains(loop.message, "no answer")) << loop.message;
  EXPECT_TRUE(Contains(loop.message, "redirect")) << loop.message;
}

TEST_F(HttpCheckTest, TheTokenDoesNotFollowARedirectToAnotherServer) {
  httplib::Server other;
  other.set_keep_alive_max_count(1);
  int other_port = other.bind_to_any_port("127.0.0.1");
  std::string seen = "unset";
  Route(other, other_port, seen);
  std::thread t([&] { other.listen_after_bind(); });
  server_.Get("/elsewhere", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://127.0.0.1:" + std::to_string(other_port) + "/health");
  });
  CheckResult r = Run({{"url", Url("/elsewhere")}, {"token_env", "SQUAD_TOKEN"}});
  other.stop();
  t.join();
  EXPECT_TRUE(r.passed) << r.message;
  EXPECT_EQ(seen, "") << "the Authorization header stayed with the first server";
}

TEST_F(HttpCheckTest, FailedTriesAreRetriedUpToTheChecksRetries) {
  int tries = 0;
  server_.Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    res.status = ++tries < 3 ? 503 : 200;
    res.set_content(tries < 3 ? "starting" : "up", "text/plain");
  });
  clock_.slept = 0;
  CheckResult once = Run({{"url", Url("/flaky")}, {"retries", "1"}, {"body", "up"}});
  EXPECT_FALSE(once.passed) << "two tries, both 503";
  EXPECT_TRUE(Contains(once.message, "status 503, expected 200")) << once.message;
  EXPECT_EQ(tries, 2);
  tries = 0;
  CheckResult enough = Run({{"url", Url("/flaky")}, {"retries", "2"}, {"body", "up"}});
  EXPECT_TRUE(enough.passed) << enough.message;
  EXPECT_EQ(tries, 3);
  EXPECT_GT(clock_.slept, 0) << "a pause between tries";
}

TEST_F(HttpCheckTest, SquadVersionTrimsTheAnswer) {
  config::Check check{"version", "squad-version", {{"url", Url("/")}, {"retries", "0"}}, {}};
  CheckResult same = SquadVersionCheck(check, "1.90", http_, clock_);
  EXPECT_TRUE(same.passed) << same.message;
  EXPECT_TRUE(Contains(same.message, "answers SQUAD 1.90")) << same.message;
  CheckResult other = SquadVersionCheck(check, "1.91", http_, clock_);
  EXPECT_FALSE(other.passed);
  EXPECT_TRUE(Contains(other.message, "answers SQUAD 1.90, expected 1.91")) << other.message;
}

TEST_F(HttpCheckTest, ATryThatTakesTooLongTimesOut) {
  CheckResult slow = Run({{"url", Url("/slow")}, {"timeout", "1s"}});
  EXPECT_FALSE(slow.passed);
  EXPECT_TRUE(Contains(slow.message, "no answer")) << slow.message;
  EXPECT_TRUE(Contains(slow.message, "(timeout 1s)")) << slow.message;
}

TEST(HttpsCheckTest, TheCertificateIsVerifiedAgainstTheSystemOrTheGivenCa) {
  if (!testing::HasProgram("openssl")) GTEST_SKIP() << "openssl is not installed; it makes the server's certificate";
  testing::TempDir dir;
  testing::ProcessResult made = testing::RunProcess(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir / "key.pem", "-out",
       dir / "cert.pem"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  httplib::SSLServer server((dir / "cert.pem").c_str(), (dir / "key.pem").c_str());
  ASSERT_TRUE(server.is_valid());
  server.set_keep_alive_max_count(1);
  int port = server.bind_to_any_port("127.0.0.1");
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) { res.set_content(kHealth, "application/json"); });
  std::thread t([&] { server.listen_after_bind(); });
  sys::RealHttpClient http;
  sys::RealFileSystem fs;
  FakeEnvironment env;
  FakeClock clock;
  auto run = [&](std::map<std::string, std::string> params, const std::string& host = "127.0.0.1") {
    params["url"] = "https://" + host + ":" + std::to_string(port) + "/health";
    params["retries"] = "2";
    return HttpCheck(config::Check{"health", "http", params, {}}, http, env, fs, clock);
  };
  clock.slept = 0;
  CheckResult untrusted = run({});
  EXPECT_FALSE(untrusted.passed);
  EXPECT_TRUE(Contains(untrusted.message, "the server's certificate is not signed by a trusted CA"))
      << untrusted.message;
  EXPECT_EQ(clock.slept, 0) << "an untrusted certificate is not retried";
  CheckResult other_host = run({{"ca_file", dir / "cert.pem"}}, "localhost");  // a certificate for 127.0.0.1 only
  EXPECT_FALSE(other_host.passed);
  EXPECT_TRUE(Contains(other_host.message, "the server's certificate is not for this host name"))
      << other_host.message;
  CheckResult trusted = run({{"ca_file", dir / "cert.pem"}});
  EXPECT_TRUE(trusted.passed) << trusted.message;
  CheckResult insecure = run({{"insecure", "true"}});
  EXPECT_TRUE(insecure.passed) << insecure.message;
  server.stop();
  t.join();
}

}  // namespace
}  // namespace qareports::checks
