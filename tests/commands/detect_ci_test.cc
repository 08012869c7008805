// detect's defaults from the CI's variables, and what it hands back to the CI.
#include <gtest/gtest.h>

#include "commands/detect_fixture.h"

#include <sstream>

#include "util/strings.h"

namespace qareports::testing {
namespace {

const std::string kPin = "pipelines/environments.yml";

class DetectCiTest : public DetectFixture {
 protected:
  void SetUp() override {
    first_ = repo_.Commit({{kPin, ConfigWithPin("1.88")}});
    second_ = repo_.Commit({{kPin, ConfigWithPin("1.89")}});
    third_ = repo_.Commit({{kPin, ConfigWithPin("1.90")}});
    repo_.Commit({{kPin, ConfigWithPin("1.91")}});  // HEAD: ahead of what the CI says
  }
  std::string first_, second_, third_;
};

TEST_F(DetectCiTest, GitLabBeforeAndAfterShas) {
  env_.vars = {{"GITLAB_CI", "true"}, {"CI_COMMIT_SHA", third_}, {"CI_COMMIT_BEFORE_SHA", first_}};
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->from, first_);
  EXPECT_EQ(r->to, third_);
  EXPECT_EQ(r->previous_version, "1.88");
  EXPECT_EQ(r->version, "1.90");
}

TEST_F(DetectCiTest, GitLabNewBranchComparesWithTheFirstParent) {
  env_.vars = {{"GITLAB_CI", "true"},
               {"CI_COMMIT_SHA", third_},
               {"CI_COMMIT_BEFORE_SHA", "0000000000000000000000000000000000000000"}};
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->from, second_);
  EXPECT_EQ(r->previous_version, "1.89");
}

TEST_F(DetectCiTest, GitLabTagPipelineChecksTheTag) {
  repo_.Tag("squad-1.90", third_, true);
  env_.vars = {{"GITLAB_CI", "true"},
               {"CI_COMMIT_SHA", third_},
               {"CI_COMMIT_TAG", "squad-1.90"},
               {"CI_COMMIT_BEFORE_SHA", "0000000000000000000000000000000000000000"}};
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->tag, "squad-1.90");
  EXPECT_EQ(r->tag_problem, "");
  env_.vars["CI_COMMIT_TAG"] = "squad-1.89";
  repo_.Tag("squad-1.89", third_, false);
  r = Detect();
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->tag_problem.find("names version 1.89"), std::string::npos) << r->tag_problem;
}

TEST_F(DetectCiTest, GitHubPushUsesTheEventsBefore) {
  TempDir dir;
  dir.Write("event.json", R"({"before": ")" + first_ + R"(", "after": ")" + third_ + R"("})");
  env_.vars = {{"GITHUB_ACTIONS", "true"},
               {"GITHUB_SHA", third_},
               {"GITHUB_REF", "refs/heads/main"},
               {"GITHUB_EVENT_PATH", dir / "event.json"}};
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->from, first_);
  EXPECT_EQ(r->to, third_);
  env_.vars.erase("GITHUB_EVENT_PATH");
  r = Detect();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->from, second_);
}

TEST_F(DetectCiTest, GitHubTagRef) {
  repo_.Tag("squad-1.90", third_, true);
  env_.vars = {{"GITHUB_ACTIONS", "true"}, {"GITHUB_SHA", third_}, {"GITHUB_REF", "refs/tags/squad-1.90"}};
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->tag, "squad-1.90");
  EXPECT_EQ(r->tag_problem, "");
  EXPECT_EQ(r->from, second_);
}

TEST_F(DetectCiTest, WithoutCiVariablesHeadAgainstItsParent) {
  Result<commands::DetectResult> r = Detect();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->from, third_);
  EXPECT_EQ(r->version, "1.91");
}

// $GITHUB_OUTPUT read as GitHub's runner reads it: name=value lines, and
// name<<DELIMITER ... DELIMITER blocks for values of several lines.
std::map<std::string, std::string> ReadGithubOutput(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    size_t heredoc = line.find("<<"), eq = line.find('=');
    if (heredoc != std::string::npos && (eq == std::string::npos || heredoc < eq)) {
      std::string name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2), value;
      bool closed = false;
      for (std::string l; std::getline(lines, l);) {
        if (l == delimiter) {
          closed = true;
          break;
        }
        value += (value.empty() ? "" : "\n") + l;
      }
      EXPECT_TRUE(closed) << "no closing " << delimiter;
      out[name] = value;
    } else {
      EXPECT_NE(eq, std::string::npos) << line;
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

TEST_F(DetectCiTest, WritesDotenvGithubOutputJsonAndATestCase) {
  TempDir dir;
  dir.Write("github_output", "earlier=line\n");
  env_.vars = {{"GITHUB_OUTPUT", dir / "github_output"}};
  report::Report report;
  Result<commands::Outcome> out = RunDetect({"", first_, third_, std::nullopt, dir / "detect.env"}, report);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(dir.Read("detect.env"),
            "QAREPORTS_DEPLOY=true\nSQUAD_VERSION=1.90\nSQUAD_PREVIOUS_VERSION=1.88\nSQUAD_BUMP=minor\n"
            "QAREPORTS_REASONS=version\n");
  std::map<std::string, std::string> outputs = ReadGithubOutput(dir.Read("github_output"));
  EXPECT_EQ(outputs, (std::map<std::string, std::string>{{"earlier", "line"},
                                                         {"qareports_deploy", "true"},
                                                         {"squad_version", "1.90"},
                                                         {"squad_previous_version", "1.88"},
                                                         {"squad_bump", "minor"},
                                                         {"qareports_reasons", "version"},
                                                         {"qareports_changed", util::Join(out->data["changed_paths"].get<std::vector<std::string>>(), "\n")}}));
  EXPECT_EQ(out->data["bump"], "minor");
  EXPECT_EQ(out->data["previous_version"], "1.88");
  EXPECT_EQ(out->data["deploy"], true);
  EXPECT_EQ(out->data["from"], first_);
  ASSERT_EQ(report.suites().size(), 1u);
  EXPECT_EQ(report.suites()[0].name, "detect");
  EXPECT_EQ(report.suites()[0].cases.at(0).status, report::TestCase::Status::kPassed);
}

}  // namespace
}  // namespace qareports::testing
