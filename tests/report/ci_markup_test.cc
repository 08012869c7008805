// The CI markup on its own: sections and groups, GitHub's annotations with
// their escaping, and the summary's limits, read back as GitHub would.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "deploy/objects.h"
#include "fixtures/ci_markup.h"
#include "fixtures/temp_dir.h"
#include "report/annotations.h"
#include "report/ci_outputs.h"
#include "report/log_sections.h"
#include "report/summary.h"

namespace qareports::report {
namespace {

using testing::TempDir;

std::string Write(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

TEST(LogSectionsTest, EachSystemReadsItsOwnMarkupBalancedAndAPlainLogHasNone) {
  TempDir dir;
  Section rollout{"rollout", "staging: rollout", false};
  Section odd{"rollback-apply/x y", "two\nlines", true};
  for (CiSystem ci : {CiSystem::kGitLab, CiSystem::kGitHub}) {
    std::string log = SectionStart(ci, rollout, 100) + "info: web rolled out\n" + SectionEnd(ci, rollout, 104) +
                      SectionStart(ci, odd, 104) + SectionEnd(ci, odd, 105);
    nlohmann::json read = testing::LogSections(ci == CiSystem::kGitLab ? "gitlab" : "github", Write(dir, "log", log));
    ASSERT_EQ(read.size(), 2u) << log;
    if (ci == CiSystem::kGitLab) {
      EXPECT_EQ(read[0]["id"], "qareports_rollout");
      EXPECT_EQ(read[0]["collapsed"], false);
      EXPECT_EQ(read[1]["id"], "qareports_rollback-apply_x_y");
      EXPECT_EQ(read[1]["collapsed"], true);
    }
    EXPECT_EQ(read[1]["title"], "two lines");
  }
  EXPECT_EQ(SectionStart(CiSystem::kPlain, rollout, 1) + SectionEnd(CiSystem::kPlain, rollout, 2), "");
}

std::string Placed(const std::string& error, const std::string& workspace) {
  return GithubErrorAnnotations(Failure{"qareports dev plan", error, true, workspace}, Report());
}

TEST(AnnotationsTest, EveryPlacedLineIsAnErrorAtItsFileLineAndColumnRelativeToTheWorkspace) {
  std::string error =
      "/ws/pipelines/environments.yml:34:18: environments.dev.kube.namespace: \"A,b\" is 100% wrong: see\n"
      "  the next line\n"
      "/ws/k8s/web.yml:7: spec: bad\n"
      "/elsewhere/x.yml:1:1: outside the workspace\n";
  TempDir dir;
  nlohmann::json read = testing::Annotations(Write(dir, "log", Placed(error, "/ws")));
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0]["file"], "pipelines/environments.yml");
  EXPECT_EQ(read[0]["line"], "34");
  EXPECT_EQ(read[0]["col"], "18");
  EXPECT_EQ(read[0]["title"], "qareports dev plan: invalid input");
  EXPECT_EQ(read[0]["message"], "environments.dev.kube.namespace: \"A,b\" is 100% wrong: see\n  the next line");
  EXPECT_EQ(read[1]["file"], "k8s/web.yml");
  EXPECT_EQ(read[1]["line"], "7");
  EXPECT_FALSE(read[1].contains("col"));
  EXPECT_EQ(read[2]["file"], "/elsewhere/x.yml");
  nlohmann::json unplaced = testing::Annotations(Write(dir, "log2", Placed("no place here", "/ws")));
  ASSERT_EQ(unplaced.size(), 1u);
  EXPECT_FALSE(unplaced[0].contains("file"));
  EXPECT_EQ(unplaced[0]["message"], "no place here");
  // A line of 100 KB took a stack frame per character (util/linear_regex.h).
  nlohmann::json line = testing::Annotations(
      Write(dir, "log3", Placed("/ws/main.tf:12: " + std::string(100000, 'x'), "/ws")));
  ASSERT_EQ(line.size(), 1u);
  EXPECT_EQ(line[0]["file"], "main.tf");
  EXPECT_EQ(line[0]["message"], std::string(100000, 'x'));
}

// The job's error first, then each failed case not already said, with the
// first lines of its details; past GitHub's ten a step, the tenth names the rest.
TEST(AnnotationsTest, TheErrorThenEachFailedCaseAndTheTenthCountsTheRest) {
  Report r("qareports staging upgrade");
  TestCase said = Case("rollout", "staging", "web");
  Fail(said, "Rollout", "web: CrashLoopBackOff");
  r.Suite("rollout").cases.push_back(said);
  r.Suite("checks").cases.push_back(Case("checks", "staging", "passed"));
  for (int i = 0; i < 12; ++i) {
    TestCase c = Case("checks", "staging", "c" + std::to_string(i));
    Fail(c, "Check", "status 500, expected 200", "first\nsecond");
    r.Suite("checks").cases.push_back(c);
  }
  TempDir dir;
  nlohmann::json read = testing::Annotations(
      Write(dir, "log", GithubErrorAnnotations(Failure{r.name(), "web: CrashLoopBackOff", false, "/ws"}, r)));
  ASSERT_EQ(read.size(), 10u) << read;
  EXPECT_EQ(read[0]["title"], "qareports staging upgrade");
  EXPECT_EQ(read[0]["message"], "web: CrashLoopBackOff");
  EXPECT_FALSE(read[0].contains("file"));
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(read[1 + i]["title"], "qareports staging upgrade: checks c" + std::to_string(i));
    EXPECT_EQ(read[1 + i]["message"], "status 500, expected 200\nfirst\nsecond");
  }
  EXPECT_EQ(read[9]["title"], "qareports staging upgrade: 4 more failures");
  EXPECT_EQ(read[9]["message"],
            "qareports staging upgrade: checks c8: status 500, expected 200\n"
            "qareports staging upgrade: checks c9: status 500, expected 200\n"
            "qareports staging upgrade: checks c10: status 500, expected 200\n"
            "qareports staging upgrade: checks c11: status 500, expected 200");
  // A job that failed without an error of its own (a check): its cases only.
  Report two("qareports staging check");
  for (int i = 0; i < 2; ++i) {
    TestCase c = Case("checks", "staging", "c" + std::to_string(i));
    Fail(c, "Check", "down");
    two.Suite("checks").cases.push_back(c);
  }
  nlohmann::json cases =
      testing::Annotations(Write(dir, "log2", GithubErrorAnnotations(Failure{two.name(), "", false, ""}, two)));
  ASSERT_EQ(cases.size(), 2u) << cases;
  EXPECT_EQ(cases[1]["title"], "qareports staging check: checks c1");
  EXPECT_EQ(cases[1]["message"], "down");
}

TEST(SummaryTest, AHugeReportStaysUnderGitHubsLimitAndRendersItsTables) {
  if (std::string why = testing::MarkdownUnavailable(); !why.empty()) GTEST_SKIP() << why;
  Report r("qareports staging drift");
  TestSuite& drift = r.Suite("drift");
  drift.started = 0.5;
  for (int i = 0; i < 20000; ++i) {
    TestCase c = Case("drift", "staging", "ConfigMap qareports-staging/c" + std::to_string(i) + " | `odd` <b>name</b>");
    Fail(c, "Drift", "changed", std::string(50000, 'x') + "```` fence");
    c.change = "change";
    drift.cases.push_back(c);
  }
  SummaryFacts facts;
  facts.title = "qareports staging drift";
  facts.exit_code = 2;
  facts.meaning = "changes present";
  facts.message = std::string(2 << 20, 'm');
  facts.seconds = 3;
  facts.started = std::chrono::system_clock::now();
  std::string markdown = Summary(r, facts);
  EXPECT_LE(markdown.size(), kSummaryLimit);
  TempDir dir;
  nlohmann::json read = testing::RenderedSummary(Write(dir, "summary.md", markdown));
  ASSERT_FALSE(read.is_null());
  ASSERT_GE(read["tables"].size(), 3u);
  EXPECT_EQ(read["tables"][1]["header"], (nlohmann::json{"change", "objects"}));
  EXPECT_EQ(read["tables"][2]["header"], (nlohmann::json{"object", "change", "phase"}));
  EXPECT_EQ(read["tables"][2]["rows"], 100) << "the changed objects are capped, and the rest counted";
  EXPECT_NE(markdown.find("… and 19900 more"), std::string::npos);
  EXPECT_EQ(read["details"], 20);
}

TEST(GithubOutputTest, AValueOfSeveralLinesIsFramedByADelimiterItDoesNotHold) {
  TempDir dir;
  sys::RealFileSystem fs;
  std::string value = "k8s/web.yml\nghadelimiter_\nterraform/main.tf";
  ASSERT_TRUE(AppendGithubOutput(dir / "out", {{"ONE", "x=y"}, {"CHANGED", value}, {"CHANGED2", value}}, fs).ok());
  std::string text = dir.Read("out");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("^one=x=y\nchanged<<(ghadelimiter_[0-9a-f]{32})\n")));
  std::string delimiter = m[1];
  EXPECT_EQ(text.substr(m.length(), value.size() + delimiter.size() + 2), value + "\n" + delimiter + "\n");
  EXPECT_EQ(text.find("changed2<<" + delimiter), std::string::npos) << "each value has its own delimiter";
}

TEST(DotenvTest, AReportGitLabWouldCutIsRefusedAndNotWritten) {
  TempDir dir;
  sys::RealFileSystem fs;
  EXPECT_FALSE(WriteDotenv(dir / "big.env", {{"A", std::string(kDotenvLimit, 'x')}}, fs).ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "big.env"));
  ASSERT_TRUE(WriteDotenv(dir / "ok.env", {{"A", "two\nlines"}}, fs).ok());
  EXPECT_EQ(dir.Read("ok.env"), "A=two lines\n");
}

TEST(ChangesSinceTest, ARelease_sObjectsAreCreatedChangedUnchangedOrPrunedOverTheLastGoodOne) {
  auto object = [](const std::string& kind, const std::string& name, int replicas) {
    return nlohmann::json{{"kind", kind}, {"metadata", {{"name", name}, {"namespace", "ns"}}}, {"spec", {{"replicas", replicas}}}};
  };
  nlohmann::json before = {object("Deployment", "web", 1), object("Deployment", "old", 1), object("ConfigMap", "c", 1)};
  nlohmann::json after = {object("Deployment", "web", 2), object("ConfigMap", "c", 1), object("Service", "web", 1)};
  std::map<std::string, std::string> expected = {{"Deployment ns/web", "change"},
                                                 {"Deployment ns/old", "prune"},
                                                 {"ConfigMap ns/c", "unchanged"},
                                                 {"Service ns/web", "create"}};
  EXPECT_EQ(deploy::ChangesSince(before, after), expected);
  EXPECT_EQ(deploy::ChangesSince(nullptr, after).at("ConfigMap ns/c"), "create");
}

}  // namespace
}  // namespace qareports::report
