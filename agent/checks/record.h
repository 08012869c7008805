// Check results as JUnit test cases of a suite (one per check, the failure's
// reason as its message and what the check saw as its body), and in the log.
// Pure but for the log.
#pragma once

#include <string>
#include <vector>

#include "checks/check.h"
#include "report/report.h"

namespace qareports::checks {

// Adds each result as a test case of `suite`; returns the failures' reasons.
std::vector<std::string> Record(const std::vector<CheckResult>& results, const std::string& environment,
                                report::TestSuite& suite);

}  // namespace qareports::checks
