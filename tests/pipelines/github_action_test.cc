// The repository's composite action (action.yml) run step by step as
// GitHub's runner runs one (tests/pipelines/run_action.py), against the
// emulator and a real OCI registry: what another repository gets from
// `uses:` — the deploy, its JUnit report, its outputs, its log groups and
// its step summary.
#include <filesystem>

#include "deploy/deploy_fixture.h"
#include "fixtures/build_paths.h"
#include "fixtures/junit_check.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

using GithubActionTest = DeployTest;

TEST_F(GithubActionTest, TheCompositeActionDeploysWithItsReportOutputsGroupsAndSummary) {
  std::map<std::string, std::string> env = Env();
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_WORKSPACE"] = repo_.path();
  env["GITHUB_OUTPUT"] = repo_ / "github-output";
  env["GITHUB_STEP_SUMMARY"] = repo_ / "step-summary.md";
  std::string options = "--config " + (repo_ / "pipelines/environments.yml") + " --kubeconfig " +
                        cluster_->kubeconfig() + " --context emulator";
  ProcessResult r = RunProcess({"/usr/bin/python3", std::string(QAREPORTS_SOURCE_DIR) + "/tests/pipelines/run_action.py",
                                QAREPORTS_SOURCE_DIR, "environment=staging", "command=apply",
                                std::string("prebuilt=") + QAREPORTS_BINARY, "options=" + options},
                               repo_.path(), env);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.err, "::group::staging: rollout\n")) << r.err;
  EXPECT_TRUE(Contains(repo_.Read("github-output"), "junit=reports/apply-staging.xml\n"));
  EXPECT_TRUE(Contains(repo_.Read("github-output"), "summary=reports/apply-staging.md\n"));
  nlohmann::json junit = ReadJUnitLikeConsumers(repo_ / "reports/apply-staging.xml");
  ASSERT_FALSE(junit.is_null());
  EXPECT_EQ(junit["failures"], 0);
  EXPECT_TRUE(Contains(repo_.Read("step-summary.md"), "Release 1 (SQUAD 1.89) is deployed in staging.")) << r.err;
  EXPECT_EQ(repo_.Read("step-summary.md"), repo_.Read("reports/apply-staging.md"));
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
  ExpectNoSecrets(r.out + r.err + repo_.Read("step-summary.md"));

  // A failing command fails the step with the agent's exit code.
  ProcessResult refused = RunProcess({"/usr/bin/python3", std::string(QAREPORTS_SOURCE_DIR) + "/tests/pipelines/run_action.py",
                                      QAREPORTS_SOURCE_DIR, "environment=staging", "command=upgrade", "args=1.92",
                                      std::string("prebuilt=") + QAREPORTS_BINARY, "options=" + options},
                                     repo_.path(), env);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "rolled back to release 1")) << refused.err;
}

}  // namespace
}  // namespace qareports::testing
