#include "kube/credentials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "fakes/fake_sys.h"
#include "fixtures/temp_dir.h"
#include "util/time_format.h"

namespace qareports::testing {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  // A real exec plugin: a script that prints an ExecCredential expiring at
  // `expiry`, records KUBERNETES_EXEC_INFO and counts its runs.
  void Plugin(const std::string& expiry) {
    dir_.Write("plugin", "#!/bin/sh\necho run >> " + dir_ / "runs" + "\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > " +
                             dir_ / "info" + "\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                             "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"tok-'$(wc -l < " + dir_ / "runs" +
                             ")'\",\"expirationTimestamp\":\"" + expiry + "\"}}'\n");
    ::chmod((dir_ / "plugin").c_str(), 0755);
    target_.exec = kube::ExecPlugin{"client.authentication.k8s.io/v1", dir_ / "plugin", {}, {{"X", "1"}}, true, ""};
  }
  TempDir dir_;
  kube::Target target_ = [] {
    kube::Target t;
    t.server = "https://eks.example.org";
    t.ca_data_base64 = "Q0E=";
    return t;
  }();
  sys::RealProcessRunner runner_;
  sys::RealFileSystem fs_;
  FakeClock clock_;
};

TEST_F(CredentialsTest, ExecTokenIsCachedUntilItExpiresThenRenewed) {
  Plugin(util::Iso8601(clock_.Now() + std::chrono::minutes(15)));
  kube::Credentials creds(target_, runner_, fs_, clock_);
  EXPECT_EQ(creds.Token().value(), "tok-1");
  EXPECT_EQ(creds.Token().value(), "tok-1");
  clock_.SleepFor(16 * 60);
  EXPECT_EQ(creds.Token().value(), "tok-2");
  creds.Invalidate();  // as after a 401
  EXPECT_EQ(creds.Token().value(), "tok-3");
  nlohmann::json info = nlohmann::json::parse(dir_.Read("info"));
  EXPECT_EQ(info["kind"], "ExecCredential");
  EXPECT_EQ(info["spec"]["interactive"], false);
  EXPECT_EQ(info["spec"]["cluster"]["server"], "https://eks.example.org");
  EXPECT_EQ(info["spec"]["cluster"]["certificate-authority-data"], "Q0E=");
}

TEST_F(CredentialsTest, MissingOrBrokenPluginIsUnavailableNamingIt) {
  target_.exec = kube::ExecPlugin{"client.authentication.k8s.io/v1", "no-such-aws-cli", {}, {}, false, "Install it."};
  kube::Credentials missing(target_, runner_, fs_, clock_);
  Result<std::string> t = missing.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(t.error().message.find("\"no-such-aws-cli\" of user"), std::string::npos) << t.error().message;
  EXPECT_NE(t.error().message.find("Install it."), std::string::npos);
  dir_.Write("bad", "#!/bin/sh\necho 'expired SSO session' >&2\nexit 255\n");
  ::chmod((dir_ / "bad").c_str(), 0755);
  target_.exec->command = dir_ / "bad";
  kube::Credentials bad(target_, runner_, fs_, clock_);
  t = bad.Token();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("exited 255: expired SSO session"), std::string::npos) << t.error().message;
}

TEST_F(CredentialsTest, TokenFileIsReReadAfterAMinute) {
  dir_.Write("token", "one\n");
  target_.token_file = dir_ / "token";
  kube::Credentials creds(target_, runner_, fs_, clock_);
  EXPECT_EQ(creds.Token().value(), "one");
  dir_.Write("token", "two\n");
  EXPECT_EQ(creds.Token().value(), "one");
  clock_.SleepFor(61);
  EXPECT_EQ(creds.Token().value(), "two");
}

}  // namespace
}  // namespace qareports::testing
