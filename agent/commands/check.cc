#include "commands/check.h"

#include <spdlog/spdlog.h>

#include "checks/job_check.h"
#include "manifest/renderer.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {

std::vector<std::string> Record(const std::vector<checks::CheckResult>& results, const std::string& environment,
                                report::TestSuite& suite) {
  std::vector<std::string> failures;
  for (const checks::CheckResult& r : results) {
    report::TestCase c;
    c.classname = suite.name + "." + environment;
    c.name = r.name + " (" + r.kind + ")";
    c.seconds = r.seconds;
    if (!r.passed) {
      c.status = report::TestCase::Status::kFailed;
      c.type = "CheckFailed";
      c.message = r.message;
      c.body = r.output;
      failures.push_back(r.name + ": " + r.message);
      spdlog::error("{}: check {} failed: {}", environment, r.name, r.message);
    } else {
      c.output = r.message + "\n" + (r.output.empty() ? "" : "\n" + r.output);
      spdlog::info("{}: check {} passed: {}", environment, r.name, r.message);
    }
    suite.cases.push_back(c);
  }
  return failures;
}

Result<Outcome> Check::Run(report::Report& report) {
  Result<std::map<std::string, std::string>> values = manifest::Values(deps_.config, deps_.env, deps_.sys.fs);
  if (!values.ok()) return values.error();
  Result<std::map<std::string, nlohmann::json>> jobs =
      checks::RenderJobs(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env);
  if (!jobs.ok()) return jobs.error();
  std::unique_ptr<kube::Session> session;
  for (const config::Check& c : deps_.env.checks) {
    if (!checks::NeedsCluster(c) || session) continue;
    Result<std::unique_ptr<kube::Session>> opened =
        kube::Session::Open({KubeconfigPath(deps_), KubeContext(deps_)}, deps_.env.namespace_, deps_.sys);
    if (!opened.ok()) return opened.error();
    session = std::move(opened.value());
  }
  checks::Context context{deps_.sys, session.get(), deps_.env.name, deps_.config.squad_image, (*values)["squad_version"],
                          std::move(jobs.value()), {}, ""};
  report::TestSuite& suite = report.Suite("checks", util::Iso8601(deps_.sys.clock.Now()));
  std::vector<checks::CheckResult> results = checks::RunAll(deps_.env.checks, context);
  std::vector<std::string> failures = Record(results, deps_.env.name, suite);
  Outcome outcome;
  outcome.data = nlohmann::json::array();
  for (const checks::CheckResult& r : results) {
    outcome.data.push_back({{"name", r.name}, {"kind", r.kind}, {"passed", r.passed},
                            {"message", r.message}, {"seconds", r.seconds}});
    if (deps_.global.output != "json") {
      deps_.out << (r.passed ? "pass " : "FAIL ") << r.name << " (" << r.kind << "): " << r.message
                << "\n";
    }
  }
  if (!failures.empty()) return Error::Failed(deps_.env.name + ": " + util::Join(failures, "; "));
  return outcome;
}

}  // namespace qareports::commands
