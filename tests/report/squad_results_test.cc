// A job's report as SQUAD's submit API takes it.
#include "report/squad_results.h"

#include <gtest/gtest.h>

namespace qareports::report {
namespace {

Report Sample() {
  Report r("qareports staging upgrade");
  r.Suite("validate").cases.push_back(Case("validate", "staging", "configuration"));
  TestCase web = Case("apply", "staging", "Deployment qareports-staging/web", 0.5);
  web.change = "configured";
  TestCase job = Case("apply", "staging", "Job qareports-staging/migrate");
  job.change = "create";
  TestCase same = Case("apply", "staging", "Deployment qareports-staging:web");  // the same name, once made valid
  same.change = "unchanged";
  r.Suite("apply").cases = {web, job, same};
  TestCase rollout = Case("rollout", "staging", "web", 42.25);
  Fail(rollout, "CrashLoop", "web: crash loop");
  r.Suite("rollout").cases.push_back(rollout);
  TestCase skipped = Case("checks", "staging", "smtp relay", 1.5);
  skipped.status = TestCase::Status::kSkipped;
  r.Suite("checks").cases.push_back(skipped);
  return r;
}

TEST(SquadResultsTest, TestsAreSuiteSlashCaseWithValidUniqueNames) {
  nlohmann::json tests = SquadTests(Sample());
  EXPECT_EQ(tests, nlohmann::json({{"validate/configuration", "pass"},
                                   {"apply/Deployment_qareports-staging_web", "pass"},
                                   {"apply/Job_qareports-staging_migrate", "pass"},
                                   {"apply/Deployment_qareports-staging_web_2", "pass"},
                                   {"rollout/web", "fail"},
                                   {"checks/smtp_relay", "skip"}}));
}

TEST(SquadResultsTest, MetricsAreTheJobsTimesAndHowManyObjectsEachChangeTouched) {
  nlohmann::json metrics = SquadMetrics(Sample(), 73.5);
  EXPECT_EQ(metrics, nlohmann::json({{"job/duration", 73.5},
                                     {"rollout/web", 42.25},
                                     {"checks/smtp_relay", 1.5},
                                     {"changes/configured", 1},
                                     {"changes/create", 1}}));
}

TEST(SquadResultsTest, MetadataNamesTheJobAndLeavesOutWhatIsUnknown) {
  JobFacts f;
  f.job_id = "7-staging-upgrade";
  f.job_status = "Incomplete";
  f.exit_code = 1;
  f.environment = "staging";
  f.command = "upgrade";
  f.version = "1.90";
  nlohmann::json m = SquadMetadata(f);
  EXPECT_EQ(m["job_id"], "7-staging-upgrade");
  EXPECT_EQ(m["job_status"], "Incomplete");
  EXPECT_EQ(m["exit_code"], 1);
  EXPECT_EQ(m["squad_version"], "1.90");
  EXPECT_FALSE(m.contains("job_url"));
  EXPECT_FALSE(m.contains("release"));
  EXPECT_FALSE(m.contains("git_commit"));
}

TEST(SquadResultsTest, SlugsKeepOnlyWhatSquadTakes) {
  EXPECT_EQ(SquadSlug("web (httpd)/init:1"), "web__httpd__init_1");
  EXPECT_EQ(SquadSlug("a.b-c_D9"), "a.b-c_D9");
}

}  // namespace
}  // namespace qareports::report
