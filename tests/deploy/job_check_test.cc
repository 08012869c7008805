// The `job` check: k8s/probes/smtp-probe.yml run in the emulator as staging's
// "relay" check, through the qareports binary, with the relay answering (the
// probe completes) or not (the probe's pod fails, as it does when the relay
// refuses the connection).
#include "deploy/deploy_fixture.h"

#include <pugixml.hpp>

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kRelayUp = R"(  - match: "python:*"
    pods: jobs
    behaviour: ready
    log: ["S: 220 aws-smtp-relay ESMTP", "C: EHLO smtp-probe.qareports", "S: 250 aws-smtp-relay", "C: QUIT",
          "S: 221 Bye", "smtp-probe: aws-smtp-relay.kube-system:1025 answers SMTP"]
)";

const char* kRelayDown = R"(  - match: "python:*"
    pods: jobs
    behaviour: job-fails
    log: ["smtp-probe: cannot connect to aws-smtp-relay.kube-system:1025: [Errno 111] Connection refused"]
)";

class JobCheckTest : public DeployTest {
 protected:
  void SetUp() override {}

  // Staging, deployed, with the relay probe among its checks.
  void Deploy(const char* relay_rule) {
    std::string rules = kDeployRules;
    rules.insert(rules.find("  - match: \"*\"\n"), relay_rule);
    Start(rules);
    if (IsSkipped() || HasFatalFailure()) return;
    Replace("      - name: workloads\n        kind: workloads\n\n  production:",
            "      - name: workloads\n        kind: workloads\n      - name: relay\n        kind: job\n"
            "        manifest: k8s/probes/smtp-probe.yml\n        timeout: 2m\n\n  production:");
  }

  size_t Jobs() const { return Get("/apis/batch/v1/namespaces/qareports-staging/jobs")["items"].size(); }
};

TEST_F(JobCheckTest, TheRelayProbeCompletesAndItsLogIsInTheReport) {
  Deploy(kRelayUp);
  if (IsSkipped() || HasFatalFailure()) return;
  ProcessResult applied = Run({"apply"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_TRUE(Contains(applied.err, "check relay passed")) << applied.err;
  ProcessResult r = Run({"check", "--junit", repo_ / "check.xml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "pass relay (job): Job smtp-probe-check-")) << r.out;
  EXPECT_TRUE(Contains(r.out, "completed: smtp-probe: aws-smtp-relay.kube-system:1025 answers SMTP")) << r.out;
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_file((repo_ / "check.xml").c_str()));
  pugi::xml_node relay = xml.select_node("//testcase[@name='relay (job)']").node();
  ASSERT_TRUE(relay);
  EXPECT_FALSE(relay.child("failure"));
  EXPECT_TRUE(Contains(relay.child_value("system-out"), "S: 220 aws-smtp-relay ESMTP"));
  EXPECT_EQ(Jobs(), 0u) << "the probe's Job is deleted";
}

TEST_F(JobCheckTest, ARelayThatRefusesFailsTheCheckWithTheProbesWords) {
  Deploy(kRelayDown);
  if (IsSkipped() || HasFatalFailure()) return;
  ProcessResult r = Run({"check", "--junit", repo_ / "check.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.out, "FAIL relay (job)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "Connection refused")) << r.out;
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_file((repo_ / "check.xml").c_str()));
  pugi::xml_node failure = xml.select_node("//testcase[@name='relay (job)']/failure").node();
  ASSERT_TRUE(failure);
  EXPECT_TRUE(Contains(failure.child_value(), "[Errno 111] Connection refused")) << failure.child_value();
  EXPECT_TRUE(Contains(failure.child_value(), "events:")) << failure.child_value();
  EXPECT_EQ(Jobs(), 0u) << "the probe's Job is deleted";
}

TEST_F(JobCheckTest, ADeployWhoseRelayProbeFailsIsRolledBack) {
  Deploy(kRelayDown);
  if (IsSkipped() || HasFatalFailure()) return;
  ProcessResult r = Run({"apply"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "the health checks of release 1 (SQUAD 1.89) failed: relay: Job smtp-probe-check-"))
      << r.err;
  EXPECT_EQ(Releases().at(1), "failed");
  EXPECT_EQ(LockHolder(), "");
}

TEST_F(JobCheckTest, AProbeManifestThatIsNoJobIsInvalidInput) {
  Deploy(kRelayUp);
  if (IsSkipped() || HasFatalFailure()) return;
  repo_.Write("k8s/probes/smtp-probe.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\n");
  ProcessResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_TRUE(Contains(r.err, "k8s/probes/smtp-probe.yml")) << r.err;
  EXPECT_TRUE(Contains(r.err, "checks[3].manifest")) << r.err;
  EXPECT_EQ(Jobs(), 0u);
}

}  // namespace
}  // namespace qareports::testing
