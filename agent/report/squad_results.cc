#include "report/squad_results.h"

#include <map>
#include <set>

namespace qareports::report {
namespace {

// Phases whose cases' times are worth a metric each.
const std::set<std::string> kTimedSuites = {"rollout", "migrate", "checks", "gate"};

const char* Result(TestCase::Status status) {
  switch (status) {
    case TestCase::Status::kPassed: return "pass";
    case TestCase::Status::kSkipped: return "skip";
    case TestCase::Status::kFailed:
    case TestCase::Status::kError: return "fail";
  }
  return "fail";
}

// `name`, or `name_2`, `name_3`… the first not yet in `taken`.
std::string Unique(const std::string& name, const nlohmann::json& taken) {
  std::string out = name;
  for (int i = 2; taken.contains(out); ++i) out = name + "_" + std::to_string(i);
  return out;
}

std::string FullName(const TestSuite& suite, const TestCase& c) {
  return SquadSlug(suite.name.empty() ? "qareports" : suite.name) + "/" + SquadSlug(c.name.empty() ? "case" : c.name);
}

}  // namespace

std::string SquadSlug(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-';
    out += ok ? c : '_';
  }
  return out;
}

nlohmann::json SquadTests(const Report& report) {
  nlohmann::json tests = nlohmann::json::object();
  for (const TestSuite& s : report.suites()) {
    for (const TestCase& c : s.cases) tests[Unique(FullName(s, c), tests)] = Result(c.status);
  }
  return tests;
}

nlohmann::json SquadMetrics(const Report& report, double job_seconds) {
  nlohmann::json metrics = {{"job/duration", job_seconds}};
  std::map<std::string, int> changes;
  for (const TestSuite& s : report.suites()) {
    for (const TestCase& c : s.cases) {
      if (kTimedSuites.count(s.name)) metrics[Unique(FullName(s, c), metrics)] = c.seconds;
      if (!c.change.empty() && c.change != "unchanged") ++changes[c.change];
    }
  }
  for (const auto& [change, n] : changes) metrics[Unique("changes/" + SquadSlug(change), metrics)] = n;
  return metrics;
}

nlohmann::json SquadMetadata(const JobFacts& f) {
  nlohmann::json m = {{"job_id", f.job_id},         {"job_status", f.job_status}, {"exit_code", f.exit_code},
                      {"environment", f.environment}, {"command", f.command},     {"agent", f.agent}};
  if (!f.job_url.empty()) m["job_url"] = f.job_url;
  if (!f.build_url.empty()) m["build_url"] = f.build_url;
  if (!f.commit.empty()) m["git_commit"] = f.commit;
  if (f.release > 0) m["release"] = f.release;
  if (!f.version.empty()) m["squad_version"] = f.version;
  return m;
}

}  // namespace qareports::report
