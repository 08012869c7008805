// The results of one invocation, as test suites (one per phase: detect,
// validate, plan, ...) of test cases. Commands add to it as they go; the
// command line writes it as JUnit XML at the end, also when the job failed.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace qareports::report {

struct TestCase {
  enum class Status { kPassed, kFailed, kError, kSkipped };
  std::string name;
  std::string classname;
  double seconds = 0;
  Status status = Status::kPassed;
  std::string message;  // one line, for failed, error and skipped
  std::string type;     // the failure's kind, for failed and error
  std::string body;     // details: diffs, logs, events
  std::string output;   // system-out
  std::string change = {};  // what it did to an object ("create", "configured", ...), for the summary; not in JUnit
};

struct TestSuite {
  std::string name;
  std::string timestamp;  // ISO 8601, when the phase started
  std::vector<TestCase> cases;
  double started = -1;  // seconds into the job when the phase started (-1: unknown), for the timeline

  double Seconds() const;
  int Count(TestCase::Status status) const;
};

// A passed case named `name` of phase `suite` in environment `environment`
// (classname "apply.staging").
TestCase Case(const std::string& suite, const std::string& environment, const std::string& name, double seconds = 0);
// Marks `c` failed, of kind `type`, with a one-line message and details.
void Fail(TestCase& c, const std::string& type, const std::string& message, const std::string& body = "");

class Report {
 public:
  explicit Report(std::string name = "qareports") : name_(std::move(name)) {}

  // The suite of that name, created (with `timestamp`) on first use. The
  // reference stays valid as more suites are added.
  TestSuite& Suite(const std::string& name, const std::string& timestamp = "");
  // Called with each new suite as it is created: a phase begins.
  void OnNewSuite(std::function<void(TestSuite&)> observer) { on_new_suite_ = std::move(observer); }
  const std::deque<TestSuite>& suites() const { return suites_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::deque<TestSuite> suites_;
  std::function<void(TestSuite&)> on_new_suite_;
};

}  // namespace qareports::report
