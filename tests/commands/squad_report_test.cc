// report.squad end to end: the real binary plans staging on the emulator and
// submits the job's results to a SQUAD stand-in (the emulator's simulated
// SQUAD, which takes submissions as SQUAD's documented endpoint does: SQUAD
// itself cannot run here). A submission that fails is a warning and a JUnit
// case; the job's exit code stays what the job earned.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_cluster.h"
#include "fixtures/junit_check.h"

namespace qareports::testing {
namespace {

const std::string kToken = "0123456789abcdef0123456789abcdef01234567";  // 40, as SQUAD's

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class SquadReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QAREPORTS_REQUIRE_EMULATOR();
    EmulatorCluster::Options options;
    options.rules = "squad:\n  projects: [qa-reports/deploys]\n  token: " + kToken + "\n";
    cluster_ = std::make_unique<EmulatorCluster>(options);
    ASSERT_TRUE(cluster_->ok()) << cluster_->error();
    std::filesystem::copy(std::filesystem::path(QAREPORTS_SOURCE_DIR) / "k8s", std::filesystem::path(repo_.path()) / "k8s",
                          std::filesystem::copy_options::recursive);
    std::ifstream in(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml");
    std::string config(std::istreambuf_iterator<char>(in), {});
    config += "\nreport:\n  squad:\n    url: " + cluster_->squad() + "/qareports-staging\n"
              "    group: qa-reports\n    project: deploys\n    token: {env: QAREPORTS_SQUAD_TOKEN}\n";
    repo_.Write("pipelines/environments.yml", config);
  }

  // `staging plan` as GitLab job 4242 would run it.
  ProcessResult Plan(const std::string& token, const std::string& junit) {
    std::vector<std::string> argv = {QAREPORTS_BINARY, "staging", "plan", "--detailed-exitcode", "--only", "kubernetes",
                                     "--config", repo_ / "pipelines/environments.yml", "--kubeconfig",
                                     cluster_->kubeconfig(), "--context", "emulator", "--junit", repo_ / junit};
    std::map<std::string, std::string> env = {{"HOME", repo_ / "home"},
                                              {"CI_JOB_ID", "4242"},
                                              {"CI_JOB_URL", "https://gitlab.example.org/qa/-/jobs/4242"},
                                              {"CI_PIPELINE_URL", "https://gitlab.example.org/qa/-/pipelines/99"},
                                              {"CI_COMMIT_SHA", "0123abcd0123abcd0123abcd0123abcd0123abcd"},
                                              {"QAREPORTS_STAGING_DATABASE_PASSWORD", "canary-db"},
                                              {"QAREPORTS_STAGING_SECRET_KEY", "canary-key"},
                                              {"QAREPORTS_STAGING_LDAP_BIND_PASSWORD", "canary-ldap"}};
    if (!token.empty()) env["QAREPORTS_SQUAD_TOKEN"] = token;
    return RunProcess(argv, repo_.path(), env);
  }

  nlohmann::json Received() {
    httplib::Client squad(cluster_->squad());
    auto r = squad.Get("/qareports-staging/api/testruns/");
    EXPECT_TRUE(r && r->status == 200);
    return r ? nlohmann::json::parse(r->body) : nlohmann::json();
  }

  // The report/squad case as junitparser reads the file.
  nlohmann::json SquadCase(const std::string& junit) {
    nlohmann::json read = ReadJUnitLikeConsumers(repo_ / junit);
    for (const auto& suite : read.value("suites", nlohmann::json::array()))
      for (const auto& c : suite["cases"])
        if (suite["name"] == "report" && c["name"] == "squad") return c;
    ADD_FAILURE() << "no report/squad case in " << read.dump();
    return nlohmann::json::object();
  }

  TempDir repo_;
  std::unique_ptr<EmulatorCluster> cluster_;
};

TEST_F(SquadReportTest, AJobIsSubmittedAsATestRunAndKeepsItsExitCode) {
  ProcessResult plan = Plan(kToken, "plan.xml");
  EXPECT_EQ(plan.exit_code, 2) << plan.err;  // changes present, as without report.squad
  EXPECT_TRUE(Contains(plan.err, "results submitted to SQUAD: " + cluster_->squad() +
                                     "/qareports-staging/qa-reports/deploys/build/0123abcd0123abcd0123abcd0123abcd0123abcd/ (test run 1)"))
      << plan.err;
  nlohmann::json received = Received();
  ASSERT_EQ(received["count"], 1) << received;
  const nlohmann::json& run = received["results"][0];
  EXPECT_EQ(run["build"], "0123abcd0123abcd0123abcd0123abcd0123abcd") << "a plan deploys no version: the commit";
  EXPECT_EQ(run["environment"], "staging");
  EXPECT_EQ(run["job_id"], "4242-staging-plan");
  EXPECT_EQ(run["job_url"], "https://gitlab.example.org/qa/-/jobs/4242");
  EXPECT_EQ(run["job_status"], "Complete");
  EXPECT_EQ(run["metadata"]["build_url"], "https://gitlab.example.org/qa/-/pipelines/99");
  EXPECT_EQ(run["metadata"]["exit_code"], 2);
  EXPECT_EQ(run["tests"]["validate/configuration"], "pass") << run["tests"];
  EXPECT_EQ(run["tests"]["plan/Deployment_qareports-staging_web"], "pass") << run["tests"];
  EXPECT_EQ(run["metrics"]["changes/create"], 15) << run["metrics"];
  EXPECT_GT(run["metrics"]["job/duration"].get<double>(), 0);
  EXPECT_TRUE(Contains(run["log"], "Plan: 15 to create")) << run["log"];
  EXPECT_GT(run["attachments"].value("junit.xml", 0), 100);
  EXPECT_EQ(SquadCase("plan.xml")["kind"], "passed");
  for (const std::string& text : {plan.out, plan.err, run["log"].get<std::string>()}) {
    EXPECT_FALSE(Contains(text, kToken)) << "the token leaked";
    EXPECT_FALSE(Contains(text, "canary-")) << "a secret leaked";
  }
}

TEST_F(SquadReportTest, AFailureToSubmitIsAWarningAndACaseNeverAnotherExitCode) {
  std::string wrong(40, 'w');
  ProcessResult refused = Plan(wrong, "refused.xml");
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "warning: results not submitted to " + cluster_->squad() +
                                        "/qareports-staging/api/submit/qa-reports/deploys/"))
      << refused.err;
  EXPECT_TRUE(Contains(refused.err, ": HTTP 403: User needs permission to submit results.")) << refused.err;
  EXPECT_FALSE(Contains(refused.err + refused.out, wrong)) << "the token leaked";
  nlohmann::json c = SquadCase("refused.xml");
  EXPECT_EQ(c["kind"], "failure");
  EXPECT_TRUE(Contains(c.value("message", ""), "HTTP 403")) << c;

  ASSERT_EQ(Plan(kToken, "first.xml").exit_code, 2);
  ProcessResult again = Plan(kToken, "again.xml");  // the same CI job id, the same build
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_TRUE(Contains(again.err, "HTTP 400: There is already a test run with job_id 4242-staging-plan")) << again.err;

  ProcessResult untold = Plan("", "untold.xml");
  EXPECT_EQ(untold.exit_code, 2) << untold.err;
  EXPECT_TRUE(Contains(untold.err, "results not submitted to SQUAD: QAREPORTS_SQUAD_TOKEN is not set")) << untold.err;
  EXPECT_EQ(SquadCase("untold.xml")["kind"], "skipped");
  EXPECT_EQ(Received()["count"], 1);
}

}  // namespace
}  // namespace qareports::testing
