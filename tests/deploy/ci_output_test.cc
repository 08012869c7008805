// What the job shows GitLab and GitHub beyond its log lines, read as they
// read it: the log's sections and groups, the error annotations, and the
// Markdown summary (rendered by GitHub's own cmark-gfm). Structures are
// compared with golden files under tests/golden, never bytes.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "deploy/deploy_fixture.h"
#include "fixtures/build_paths.h"
#include "fixtures/ci_markup.h"
#include "util/strings.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CiOutputTest : public DeployTest {
 protected:
  // Runs qareports as a job of `ci` ("gitlab", "github") would; its stderr is kept in `log`.
  ProcessResult RunIn(const std::string& ci, const std::vector<std::string>& args, const std::string& log) {
    std::map<std::string, std::string> env = Env();
    if (ci == "gitlab") env["GITLAB_CI"] = "true";
    if (ci == "github") {
      env["GITHUB_ACTIONS"] = "true";
      env["GITHUB_WORKSPACE"] = repo_.path();
      env["GITHUB_STEP_SUMMARY"] = repo_ / "step-summary.md";
    }
    ProcessResult r = RunProcess(Args(args), repo_.path(), env);
    repo_.Write(log, r.err);
    if (const char* keep = std::getenv("QAREPORTS_KEEP_CI_OUTPUT")) {  // to look at them by hand
      std::filesystem::copy(repo_.path(), keep, std::filesystem::copy_options::recursive |
                                                    std::filesystem::copy_options::overwrite_existing);
    }
    return r;
  }

  static nlohmann::json Ids(const nlohmann::json& sections) {
    nlohmann::json ids = nlohmann::json::array();
    for (const nlohmann::json& s : sections) ids.push_back({s.value("id", s.value("title", "")), s.value("collapsed", false)});
    return ids;
  }

  // Headings and table headers: the summary's shape.
  static nlohmann::json Shape(const nlohmann::json& rendered) {
    nlohmann::json shape = {{"headings", nlohmann::json::array()}, {"tables", nlohmann::json::array()},
                            {"code", nlohmann::json::array()}};
    for (const nlohmann::json& h : rendered["headings"]) shape["headings"].push_back(h["level"].get<int>() == 2 ? "##" : "### " + h["text"].get<std::string>());
    for (const nlohmann::json& t : rendered["tables"]) shape["tables"].push_back(t["header"]);
    for (const nlohmann::json& c : rendered["code"]) shape["code"].push_back(c["language"]);
    return shape;
  }
};

TEST_F(CiOutputTest, GitLabSeesOneBalancedSectionPerPhaseAndTheSummaryTellsTheRollback) {
  if (std::string why = MarkdownUnavailable(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  ProcessResult r = RunIn("gitlab", {"upgrade", "1.91", "--summary", repo_ / "summary.md"}, "gitlab.log");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  nlohmann::json golden = Golden("upgrade_crashloop.json");
  nlohmann::json sections = LogSections("gitlab", repo_ / "gitlab.log");
  ASSERT_FALSE(sections.is_null());
  nlohmann::json expected = nlohmann::json::array();
  for (const nlohmann::json& s : golden["sections"]) expected.push_back({"qareports_" + s[0].get<std::string>(), s[1]});
  EXPECT_EQ(Ids(sections), expected) << r.err;
  // The error is said after the last section, where a collapsed log still shows it.
  size_t last_end = r.err.rfind("section_end:");
  EXPECT_TRUE(Contains(r.err.substr(last_end), "rolled back to release 1 (SQUAD 1.89), verified")) << r.err;
  EXPECT_TRUE(Contains(r.err.substr(r.err.find("qareports_rollout\r")), "CrashLoopBackOff")) << r.err;
  // The job's page shows the end of the log: its last line says why.
  std::string last = r.err.substr(r.err.rfind('\n', r.err.size() - 2) + 1);
  EXPECT_TRUE(util::StartsWith(last, "qareports staging upgrade failed: ")) << last;
  EXPECT_TRUE(Contains(last, "rolled back to release 1 (SQUAD 1.89), verified")) << last;

  nlohmann::json summary = RenderedSummary(repo_ / "summary.md");
  ASSERT_FALSE(summary.is_null());
  EXPECT_EQ(Shape(summary), golden["summary"]);
  std::string markdown = repo_.Read("summary.md");
  EXPECT_TRUE(Contains(markdown, "| 1 | the job failed; the environment is in a known state |")) << markdown;
  EXPECT_TRUE(Contains(markdown, "rolled back to release 1 (SQUAD 1.89), verified")) << markdown;
  // The timeline: a bar per workload, the crash-looping one in red, then the rollback's.
  for (const nlohmann::json& c : summary["code"]) {
    if (c["language"] != "mermaid") continue;
    std::string gantt = c["text"];
    EXPECT_TRUE(Contains(gantt, "section rollout\n")) << gantt;
    EXPECT_TRUE(Contains(gantt, "section rollback-rollout\n")) << gantt;
    EXPECT_GE(c["tasks"].get<int>(), 12) << gantt;
    size_t rollout = gantt.find("section rollout\n");
    std::string bars = gantt.substr(rollout, gantt.find("section rollback", rollout) - rollout);
    EXPECT_TRUE(Contains(bars, " :crit, ")) << "the workload that failed is red: " << gantt;
  }
  ExpectNoSecrets(markdown + r.err);
}

TEST_F(CiOutputTest, GitHubGroupsThePhasesAndItsSummaryRollsBackWithTheExactCommand) {
  if (std::string why = MarkdownUnavailable(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  ProcessResult r = RunIn("github", {"upgrade", "1.90"}, "github.log");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json groups = LogSections("github", repo_ / "github.log");
  ASSERT_FALSE(groups.is_null());
  std::vector<std::string> titles;
  for (const nlohmann::json& g : groups) titles.push_back(g["title"]);
  EXPECT_EQ(titles, (std::vector<std::string>{"staging: validate", "staging: lock", "staging: image", "staging: configure",
                                              "staging: migrate", "staging: apply", "staging: rollout", "staging: checks"}));
  nlohmann::json summary = RenderedSummary(repo_ / "step-summary.md");
  ASSERT_FALSE(summary.is_null());
  EXPECT_EQ(Shape(summary), Golden("upgrade_deployed.json")["summary"]);
  std::string markdown = repo_.Read("step-summary.md");
  EXPECT_TRUE(Contains(markdown, "Release 2 (SQUAD 1.90) is deployed in staging.")) << markdown;
  // The command it gives is the one that works.
  std::string command;
  for (const nlohmann::json& c : summary["code"]) {
    if (c["language"] == "sh") command = c["text"];
  }
  ASSERT_TRUE(Contains(command, "qareports staging rollback 1 --config ")) << markdown;
  std::vector<std::string> argv = {QAREPORTS_BINARY};
  std::istringstream words(command.substr(std::string("qareports ").size()));
  for (std::string w; words >> w;) argv.push_back(w);
  argv.insert(argv.end(), {"--kubeconfig", cluster_->kubeconfig(), "--context", "emulator"});
  ProcessResult back = RunProcess(argv, repo_.path(), Env());
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Snapshot()["Deployment/web"][0], registry_->host() + "/squadproject/squad:1.89");
  ExpectNoSecrets(markdown + r.err);
}

// A failed check: GitHub shows on the run's page which check failed and why.
TEST_F(CiOutputTest, GitHubAnnotatesEachFailedCheckWithItsReason) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, std::string> env = Env();
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_WORKSPACE"] = repo_.path();
  env["QAREPORTS_STAGING_API_TOKEN"] = "wrong-token-0d9e";
  ProcessResult r = RunProcess(Args({"check"}), repo_.path(), env);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  repo_.Write("check.log", r.err);
  nlohmann::json found = Annotations(repo_ / "check.log");
  ASSERT_FALSE(found.is_null());
  // One annotation: the job's error, which names the check and says why
  // (the failed case says nothing more, and is not annotated again).
  ASSERT_EQ(found.size(), 1u) << r.err;
  EXPECT_EQ(found[0]["title"], "qareports staging check") << found;
  std::string message = found[0]["message"];
  EXPECT_TRUE(util::StartsWith(message, "staging: health: ")) << message;
  EXPECT_TRUE(util::EndsWith(message, "/ht/?format=json: status 403, expected 200")) << message;
  EXPECT_FALSE(found[0].contains("file"));
  ExpectNoSecrets(r.out + r.err);
  EXPECT_FALSE(Contains(r.out + r.err, "wrong-token-0d9e"));
}

TEST_F(CiOutputTest, GitHubAnnotatesInvalidInputAtTheLineTheErrorNames) {
  Replace("namespace: qareports-staging", "namespace: Qareports_Staging");
  ProcessResult r = RunIn("github", {"upgrade", "1.90"}, "invalid.log");
  ASSERT_EQ(r.exit_code, 65) << r.err;
  nlohmann::json found = Annotations(repo_ / "invalid.log");
  ASSERT_FALSE(found.is_null());
  ASSERT_EQ(found.size(), 1u) << r.err;
  const nlohmann::json& a = found[0];
  EXPECT_EQ(a["file"], "pipelines/environments.yml");
  EXPECT_EQ(a["title"], "qareports staging upgrade: invalid input");
  std::ifstream in(repo_ / "pipelines/environments.yml");
  std::string line;
  for (int n = 0; n < std::stoi(a["line"].get<std::string>()); ++n) std::getline(in, line);
  EXPECT_EQ(line.substr(std::stoi(a["col"].get<std::string>()) - 1), "Qareports_Staging") << line;
  EXPECT_TRUE(Contains(a["message"], "environments.staging.kube.namespace")) << a;
  // The annotation repeats the error the log says with its place.
  EXPECT_TRUE(Contains(r.err, "pipelines/environments.yml:" + a["line"].get<std::string>() + ":" +
                                  a["col"].get<std::string>() + ": environments.staging.kube.namespace"))
      << r.err;
}

}  // namespace
}  // namespace qareports::testing
