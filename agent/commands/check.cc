#include "commands/check.h"

#include <spdlog/spdlog.h>

#include "checks/job_check.h"
#include "checks/record.h"
#include "manifest/renderer.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {

Result<Outcome> Check::Run(report::Report& report) {
  Result<std::map<std::string, std::string>> values = manifest::Values(deps_.config, deps_.env, deps_.sys.fs);
  if (!values.ok()) return values.error();
  Result<std::map<std::string, nlohmann::json>> jobs =
      checks::RenderJobs(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env);
  if (!jobs.ok()) return jobs.error();
  kube::Session* session = nullptr;
  for (const config::Check& c : deps_.env.checks) {
    if (!checks::NeedsCluster(c) || session) continue;
    Result<kube::Session*> opened = deps_.cluster().Session();
    if (!opened.ok()) return opened.error();
    session = *opened;
  }
  checks::Context context{deps_.sys, session, deps_.env.name, deps_.config.squad_image, (*values)["squad_version"],
                          std::move(jobs.value()), {}, ""};
  report::TestSuite& suite = report.Suite("checks", util::Iso8601(deps_.sys.clock.Now()));
  std::vector<checks::CheckResult> results = checks::RunAll(deps_.env.checks, context);
  std::vector<std::string> failures = checks::Record(results, deps_.env.name, suite);
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
