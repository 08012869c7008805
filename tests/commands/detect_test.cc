#include <gtest/gtest.h>

#include "commands/detect_fixture.h"
#include "fixtures/process.h"

namespace qareports::testing {
namespace {

using version::Bump;
const std::string kPin = "pipelines/environments.yml";

class DetectTest : public DetectFixture {
 protected:
  std::string Pin(const std::string& v, const std::string& extra = "") {
    return repo_.Commit({{kPin, ConfigWithPin(v, extra)}}, "pin " + v);
  }
  Bump BumpBetween(const std::string& a, const std::string& b) {
    Pin(a);
    Pin(b);
    Result<commands::DetectResult> r = Detect();
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? r->bump : Bump::kNone;
  }
};

TEST_F(DetectTest, ClassifiesEveryBumpBetweenHeadAndItsParent) {
  EXPECT_EQ(BumpBetween("1.89", "1.89.1"), Bump::kPatch);
  EXPECT_EQ(BumpBetween("1.89.1", "1.90"), Bump::kMinor);
  EXPECT_EQ(BumpBetween("1.90", "2.0"), Bump::kMajor);
  EXPECT_EQ(BumpBetween("2.0", "1.90"), Bump::kDowngrade);
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->previous_version, "2.0");
  EXPECT_EQ(r->version, "1.90");
  EXPECT_EQ(r->reasons, std::vector<std::string>{"version"});
  EXPECT_TRUE(r->deploy());
}

TEST_F(DetectTest, NoChangeMeansNoDeploy) {
  Pin("1.89");
  repo_.Commit({{"README.md", "docs only"}});
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->bump, Bump::kNone);
  EXPECT_FALSE(r->deploy());
  EXPECT_TRUE(r->changed.empty());
}

TEST_F(DetectTest, PinMissingAtFromIsInitial) {
  repo_.Commit({{"README.md", "first"}});
  Pin("1.89");
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->bump, Bump::kInitial);
  EXPECT_FALSE(r->previous_version.has_value());
  // The pin file appeared: that is new config as well as a new version.
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"version", "config"}));
}

TEST_F(DetectTest, RootCommitComparesWithNothing) {
  Pin("1.89");
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->bump, Bump::kInitial);
  EXPECT_EQ(r->from, "");
}

TEST_F(DetectTest, ReasonsTellVersionConfigAndInfraApart) {
  Pin("1.89");
  repo_.Commit({{"k8s/web.yml", "kind: Deployment"}, {"terraform/main.tf", "# vpc"}, {"docs/x.md", "x"}});
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"config", "infra"}));
  EXPECT_EQ(r->changed, (std::vector<std::string>{"k8s/web.yml", "terraform/main.tf"}));
  // A config change beside the pin in the same file is config too.
  Pin("1.90", "  dev:\n    kube: {context: kind, namespace: qareports-dev}\n");
  r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"version", "config"}));
  // Deleting a manifest is a change to deploy (pruning).
  repo_.Commit({{"k8s/web.yml", std::nullopt}});
  r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"config"}));
}

TEST_F(DetectTest, MergeCommitComparesWithItsFirstParent) {
  std::string base = Pin("1.89");
  std::string main_head = Pin("1.90");
  repo_.SetBranch("feature", base);
  repo_.Checkout("feature");
  std::string feature = repo_.Commit({{"k8s/worker.yml", "kind: Deployment"}});
  repo_.Checkout("main");
  repo_.Merge(feature, {{"k8s/worker.yml", "kind: Deployment"}});
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->from, main_head);
  EXPECT_EQ(r->bump, Bump::kNone);
  EXPECT_EQ(r->reasons, std::vector<std::string>{"config"});
  // Across the merge from the old base, both changes show.
  r = Detect({"", base, std::nullopt, std::nullopt, ""});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->bump, Bump::kMinor);
  EXPECT_EQ(r->reasons, (std::vector<std::string>{"version", "config"}));
}

TEST_F(DetectTest, ExplicitRevisionsByBranchTagAndCaret) {
  std::string a = Pin("1.80");
  Pin("1.85");
  repo_.Tag("squad-1.85", repo_.head(), false);
  Pin("1.89");
  repo_.SetBranch("old", a);
  Result<commands::DetectResult> r = Detect({"", "old", "squad-1.85", std::nullopt, ""});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->previous_version, "1.80");
  EXPECT_EQ(r->version, "1.85");
  r = Detect({"", "HEAD~2", "HEAD", std::nullopt, ""});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->previous_version, "1.80");
  Result<commands::DetectResult> missing = Detect({"", "no-such-branch", std::nullopt, std::nullopt, ""});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(missing.error().message.find("no-such-branch"), std::string::npos);
}

TEST_F(DetectTest, AnnotatedAndLightweightTagsMatchingThePin) {
  Pin("1.89");
  std::string release = Pin("1.90");
  repo_.Tag("squad-1.90", release, true);
  repo_.Tag("squad-v1.90.0", release, false);
  repo_.Commit({{"README.md", "after the release"}});
  for (const char* tag : {"squad-1.90", "squad-v1.90.0"}) {
    Result<commands::DetectResult> r = Detect({"", std::nullopt, std::nullopt, tag, ""});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->to, release) << tag;
    EXPECT_EQ(r->tag_problem, "") << tag;
    EXPECT_EQ(r->bump, Bump::kMinor);
  }
}

TEST_F(DetectTest, TagNotNamingThePinFailsSayingBoth) {
  Pin("1.89");
  repo_.Tag("squad-1.90", repo_.head(), true);
  repo_.Tag("release-1.89", repo_.head(), false);
  report::Report report;
  Result<commands::Outcome> out = RunDetect({"", std::nullopt, std::nullopt, "squad-1.90", ""}, report);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kFailed);
  EXPECT_NE(out.error().message.find("names version 1.90"), std::string::npos) << out.error().message;
  EXPECT_NE(out.error().message.find("is 1.89"), std::string::npos) << out.error().message;
  ASSERT_EQ(report.suites().at(0).cases.size(), 2u);
  EXPECT_EQ(report.suites()[0].cases[1].status, report::TestCase::Status::kFailed);
  out = RunDetect({"", std::nullopt, std::nullopt, "release-1.89", ""}, report);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kFailed);
  EXPECT_NE(out.error().message.find("does not match the release pattern"), std::string::npos);
}

TEST_F(DetectTest, InvalidVersionNamesFileRevisionAndText) {
  Pin("1.89");
  Pin("latest");
  Result<commands::DetectResult> r = Detect();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().place, kPin + ":3");
  EXPECT_NE(r.error().message.find("\"latest\""), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(repo_.head().substr(0, 12)), std::string::npos) << r.error().message;
}

TEST_F(DetectTest, RegexPinInAnyFile) {
  config_.pin = {"squad/version.py", "", "__version__ = '([^']+)'"};
  repo_.Commit({{"squad/version.py", "__version__ = '1.86.3'\n"}});
  repo_.Commit({{"squad/version.py", "__version__ = '1.87'\n"}});
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->bump, Bump::kMinor);
  EXPECT_EQ(r->version, "1.87");
  EXPECT_EQ(r->changed, std::vector<std::string>{"squad/version.py"});
}

TEST_F(DetectTest, PinMissingAtToIsInvalidInput) {
  Pin("1.89");
  repo_.Commit({{kPin, std::nullopt}});
  Result<commands::DetectResult> r = Detect();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("no SQUAD version pin"), std::string::npos);
}

TEST_F(DetectTest, ShallowCloneWithoutFromSaysHowToFetchHistory) {
  if (!HasProgram("git")) GTEST_SKIP() << "the git CLI is not installed; it makes the shallow clone";
  std::string first = Pin("1.89");
  Pin("1.90");
  TempDir clone;
  ProcessResult cloned =
      RunProcess({"git", "clone", "-q", "--depth", "1", "file://" + repo_.path(), clone / "c"});
  ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
  Result<commands::DetectResult> r = Detect({clone / "c", std::nullopt, std::nullopt, std::nullopt, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().message.find("GIT_DEPTH: 0"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("fetch-depth: 0"), std::string::npos);
  r = Detect({clone / "c", first, std::nullopt, std::nullopt, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace qareports::testing
