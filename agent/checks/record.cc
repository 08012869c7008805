#include "checks/record.h"

#include <spdlog/spdlog.h>

namespace qareports::checks {

std::vector<std::string> Record(const std::vector<CheckResult>& results, const std::string& environment,
                                report::TestSuite& suite) {
  std::vector<std::string> failures;
  for (const CheckResult& r : results) {
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

}  // namespace qareports::checks
