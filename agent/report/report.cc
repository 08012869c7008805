#include "report/report.h"

namespace qareports::report {

TestCase Case(const std::string& suite, const std::string& environment, const std::string& name, double seconds) {
  TestCase c;
  c.classname = suite + "." + environment;
  c.name = name;
  c.seconds = seconds;
  return c;
}

void Fail(TestCase& c, const std::string& type, const std::string& message, const std::string& body) {
  c.status = TestCase::Status::kFailed;
  c.type = type;
  c.message = message;
  c.body = body;
}

double TestSuite::Seconds() const {
  double total = 0;
  for (const TestCase& c : cases) total += c.seconds;
  return total;
}

int TestSuite::Count(TestCase::Status status) const {
  int n = 0;
  for (const TestCase& c : cases) n += c.status == status;
  return n;
}

TestSuite& Report::Suite(const std::string& name, const std::string& timestamp) {
  for (TestSuite& s : suites_) {
    if (s.name == name) return s;
  }
  suites_.push_back(TestSuite{name, timestamp, {}});
  if (on_new_suite_) on_new_suite_(suites_.back());
  return suites_.back();
}

}  // namespace qareports::report
