// The command line as a pipeline uses it: the real binary, its exit codes,
// its streams and its reports.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "build_info.h"
#include "fixtures/build_paths.h"
#include "fixtures/git_repo.h"
#include "fixtures/junit_check.h"
#include "fixtures/process.h"

namespace qareports::testing {
namespace {

const std::string kConfig = R"(squad:
  image: squadproject/squad
  version: "VERSION"
environments:
  staging:
    kube: {context: eks, namespace: qareports-staging}
  production:
    kube: {context: eks, namespace: qareports-production}
)";

std::string Config(const std::string& version) {
  std::string c = kConfig;
  return c.replace(c.find("VERSION"), 7, version);
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.Commit({{"pipelines/environments.yml", Config("1.89")}});
    repo_.Commit({{"pipelines/environments.yml", Config("1.90")}});
    // The working tree holds the config the binary loads.
    work_.Write("pipelines/environments.yml", Config("1.90"));
  }
  ProcessResult Qareports(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), QAREPORTS_BINARY);
    env.emplace("GITLAB_CI", "");
    env.emplace("CI_COMMIT_SHA", "");
    env.emplace("GITHUB_ACTIONS", "");
    env.emplace("GITHUB_SHA", "");
    env.emplace("GITHUB_OUTPUT", "");
    return RunProcess(args, work_.path(), env);
  }

  GitRepo repo_;
  TempDir work_;
};

TEST_F(CliTest, VersionNamesTheCommitItWasBuiltFrom) {
  ProcessResult r = Qareports({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("qareports ") + kVersion + " (commit " + kGitCommit + ")\n");
}

TEST_F(CliTest, HelpAtEveryLevelListsOnlyWorkingCommands) {
  ProcessResult top = Qareports({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("detect"), std::string::npos);
  EXPECT_NE(top.out.find("75  the deploy lock is held"), std::string::npos);
  ProcessResult sub = Qareports({"staging", "detect", "--help"});
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--dotenv"), std::string::npos);
  EXPECT_NE(sub.out.find("--junit"), std::string::npos);
}

TEST_F(CliTest, UnknownEnvironmentOrCommandIsAUsageErrorListingTheValidOnes) {
  ProcessResult env = Qareports({"stagign", "detect", "--repo", repo_.path()});
  EXPECT_EQ(env.exit_code, 64);
  EXPECT_NE(env.err.find("did you mean \"staging\"?"), std::string::npos) << env.err;
  EXPECT_NE(env.err.find("production, staging"), std::string::npos) << env.err;
  ProcessResult cmd = Qareports({"staging", "frobnicate"});
  EXPECT_EQ(cmd.exit_code, 64);
  EXPECT_NE(cmd.err.find("commands: detect"), std::string::npos) << cmd.err;
  EXPECT_EQ(Qareports({"staging"}).exit_code, 64);
  EXPECT_EQ(Qareports({"staging", "detect", "-o", "yaml"}).exit_code, 64);
  EXPECT_EQ(Qareports({"staging", "detect", "--timeout", "soon"}).exit_code, 64);
  ProcessResult zero = Qareports({"staging", "upgrade", "--timeout", "0s"});
  EXPECT_EQ(zero.exit_code, 64);
  EXPECT_NE(zero.err.find("must be longer than 0s"), std::string::npos) << zero.err;
  ProcessResult release0 = Qareports({"staging", "rollback", "0"});
  EXPECT_EQ(release0.exit_code, 64);
  EXPECT_NE(release0.err.find("must be a release number (1 or more)"), std::string::npos) << release0.err;
}

TEST_F(CliTest, JsonOnStdoutOnlyWhenAskedAndTheLogOnStderr) {
  ProcessResult text = Qareports({"staging", "detect", "--repo", repo_.path()});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "");
  EXPECT_NE(text.err.find("SQUAD 1.89 -> 1.90: minor; deploy: yes (version)"), std::string::npos) << text.err;
  ProcessResult json = Qareports({"staging", "detect", "--repo", repo_.path(), "-o", "json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json data = nlohmann::json::parse(json.out);
  EXPECT_EQ(data["bump"], "minor");
  EXPECT_EQ(data["version"], "1.90");
}

TEST_F(CliTest, InvalidConfigExits65WithFileLineBeforeAnythingElseAndStillReports) {
  work_.Write("pipelines/environments.yml", Config("1.90") + "  dev:\n    kube: {context: c, namespce: n}\n");
  ProcessResult r = Qareports({"staging", "detect", "--repo", repo_.path(), "--junit", work_ / "report.xml",
                               "--dotenv", work_ / "detect.env"});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("pipelines/environments.yml:10:24: environments.dev.kube.namespce: unknown key "
                       "(did you mean \"namespace\"?)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(work_ / "detect.env"));
  nlohmann::json report = ReadJUnitLikeConsumers(work_ / "report.xml");
  ASSERT_FALSE(report.is_null());
  EXPECT_EQ(report["failures"], 1);
  EXPECT_EQ(report["suites"][0]["name"], "validate");
}

TEST_F(CliTest, FailedJobStillWritesItsReport) {
  repo_.Tag("squad-1.91", repo_.head(), true);
  ProcessResult r = Qareports(
      {"production", "detect", "--repo", repo_.path(), "--tag", "squad-1.91", "--junit", work_ / "report.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("names version 1.91 but the pin"), std::string::npos) << r.err;
  nlohmann::json report = ReadJUnitLikeConsumers(work_ / "report.xml");
  ASSERT_FALSE(report.is_null());
  EXPECT_EQ(report["tests"], 3);
  EXPECT_EQ(report["failures"], 1);
  EXPECT_EQ(report["suites"][1]["cases"][1]["name"], "release tag squad-1.91");
}

TEST_F(CliTest, ShallowCloneExits69AndABadVersionExits65) {
  TempDir clone;
  ProcessResult cloned = RunProcess({"git", "clone", "-q", "--depth", "1", "file://" + repo_.path(), clone / "c"});
  ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
  EXPECT_EQ(Qareports({"staging", "detect", "--repo", clone / "c"}).exit_code, 69);
  repo_.Commit({{"pipelines/environments.yml", Config("1.9O")}});
  ProcessResult bad = Qareports({"staging", "detect", "--repo", repo_.path()});
  EXPECT_EQ(bad.exit_code, 65);
  EXPECT_NE(bad.err.find("pipelines/environments.yml:3: squad.version: \"1.9O\" is not a version"),
            std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace qareports::testing
