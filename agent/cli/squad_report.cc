#include "cli/squad_report.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "build_info.h"
#include "cli/logging.h"
#include "deploy/job_identity.h"
#include "report/junit.h"
#include "report/squad_results.h"
#include "report/squad_submit.h"
#include "sys/stop.h"
#include "util/utf8.h"
#include "version/version.h"

namespace qareports::cli {
namespace {

constexpr size_t kMaxToken = 40;  // SQUAD's tokens (djangorestframework's keys)

std::string Env(const sys::Environment& env, const char* name) { return env.Get(name).value_or(""); }

// The CI job that ran: its id (per qareports job: several may run in one
// CI job), its URL and its pipeline's.
void Identify(const sys::Environment& env, const sys::Clock& clock, const JobEnd& end, report::JobFacts& f) {
  std::string base;
  if (std::string id = Env(env, "CI_JOB_ID"); !id.empty()) {
    base = id;
    f.job_url = Env(env, "CI_JOB_URL");
    f.build_url = Env(env, "CI_PIPELINE_URL");
  } else if (std::string run = Env(env, "GITHUB_RUN_ID"); !run.empty()) {
    base = run + "-" + Env(env, "GITHUB_RUN_ATTEMPT") + "-" + Env(env, "GITHUB_JOB");
    std::string server = Env(env, "GITHUB_SERVER_URL"), repo = Env(env, "GITHUB_REPOSITORY");
    if (!server.empty() && !repo.empty()) f.job_url = f.build_url = server + "/" + repo + "/actions/runs/" + run;
  } else {
    auto now = clock.Now().time_since_epoch();
    base = "local-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + "-" +
           std::to_string(getpid());
  }
  f.job_id = report::SquadSlug(base + "-" + end.environment + "-" + end.command);
}

}  // namespace

void ReportToSquad(const config::Config& config, const JobEnd& end, report::Report& report, sys::Sys& sys) {
  // Pipeline jobs only, not the helpers an operator runs by hand (status, logs, k, …).
  static const std::set<std::string> jobs = {"detect",  "plan",     "drift", "apply", "upgrade",
                                             "rollback", "gate",    "check", "up",    "destroy"};
  if (!config.squad_report || !jobs.count(end.command)) return;
  const config::SquadReport& squad = *config.squad_report;
  std::string token = sys.env.Get(squad.token_env).value_or("");
  report::TestCase c = report::Case("report", end.environment, "squad");
  auto skip = [&](const std::string& why) {
    report::TestSuite& suite = report.Suite("report");
    spdlog::warn("results not submitted to SQUAD: {}", why);
    c.status = report::TestCase::Status::kSkipped;
    c.message = why;
    suite.cases.push_back(c);
  };
  if (sys::StopRequested()) return skip("the job was stopped (" + sys::StopReason() + ")");
  if (token.empty()) return skip(squad.token_env + " is not set");

  report::JobFacts f;
  Identify(sys.env, sys.clock, end, f);
  f.exit_code = end.exit_code;
  f.job_status = end.exit_code == 0 || end.exit_code == 2 ? "Complete" : "Incomplete";
  f.environment = end.environment;
  f.command = end.command;
  f.commit = deploy::DeployedCommit(sys.env, config.root);
  if (end.data.is_object() && end.data.contains("version") && end.data["version"].is_string())
    f.version = end.data["version"].get<std::string>();
  // A deploy that failed said no version: it was deploying the one it was
  // given, else the pinned one.
  static const std::set<std::string> deploying = {"apply", "upgrade", "up", "gate"};
  if (f.version.empty()) f.version = end.version;
  if (f.version.empty() && deploying.count(end.command) && config.squad_version)
    f.version = version::TagOf(*config.squad_version);
  if (end.data.is_object() && end.data.contains("release") && end.data["release"].is_number_integer())
    f.release = end.data["release"].get<int>();
  f.agent = std::string("qareports ") + kVersion + " (commit " + kGitCommit + ")";
  report::SquadTarget target{squad.url, squad.group, squad.project,
                             !f.version.empty() ? f.version : !f.commit.empty() ? f.commit : "unversioned",
                             end.environment, token};
  std::string where = squad.url + "/" + squad.group + "/" + squad.project + "/build/" + target.build + "/";

  // What the job did, before its own phase begins.
  std::vector<util::FormPart> parts = {
      {"tests", report::SquadTests(report).dump(), "", ""},
      {"metrics", report::SquadMetrics(report, end.seconds).dump(), "", ""},
      {"metadata", report::SquadMetadata(f).dump(), "", ""},
      // SQUAD decodes a log file strictly (a 500 on invalid UTF-8).
      {"log", util::ValidUtf8(JobLog()), "qareports.log", "text/plain"},
      {"attachment", report::ToJUnit(report), "junit.xml", "application/xml"}};
  report::TestSuite& suite = report.Suite("report");
  double start = sys.clock.Elapsed();
  if (token.size() > kMaxToken) {
    report::Fail(c, "SquadSubmit", "not submitted: the token in " + squad.token_env + " is longer than " +
                                       std::to_string(kMaxToken) + " characters, which no SQUAD token is");
  } else {
    report::SubmitOutcome out = report::SubmitTestRun(sys.http, sys.clock, target, parts);
    if (out.ok) {
      c.output = out.landed_earlier
                     ? "test run submitted in " + where + " (an earlier try landed; the retry was told: " +
                           out.message + ")"
                     : "test run " + (out.test_run.empty() ? std::string("submitted") : out.test_run) + " in " + where;
      spdlog::info("results submitted to SQUAD: {}{}", where, out.test_run.empty() ? "" : " (test run " + out.test_run + ")");
    } else {
      std::string status = out.status ? "HTTP " + std::to_string(out.status) : "no answer";
      std::string tries = out.attempts > 1 ? " after " + std::to_string(out.attempts) + " attempts" : "";
      report::Fail(c, "SquadSubmit", "not submitted to " + report::SubmitUrl(target) + ": " + status +
                                         (out.message.empty() ? "" : ": " + out.message) + tries);
    }
  }
  c.seconds = sys.clock.Elapsed() - start;
  if (c.status != report::TestCase::Status::kPassed) spdlog::warn("results {}", c.message);
  suite.cases.push_back(c);
}

}  // namespace qareports::cli
