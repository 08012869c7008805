#include "cli/ci_output.h"

#include <spdlog/spdlog.h>

#include <set>

#include "report/annotations.h"

namespace qareports::cli {
namespace {

// Phases whose lines matter only when something went wrong there.
bool Quiet(const std::string& phase) {
  static const std::set<std::string> quiet = {"validate", "lock", "image", "configure", "apply", "rollback-apply", "render"};
  return quiet.count(phase) > 0;
}

long Epoch(std::chrono::system_clock::time_point t) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

}  // namespace

CiOutput::CiOutput(sys::Sys& sys, std::ostream& out, std::ostream& err)
    : sys_(sys),
      out_(out),
      err_(err),
      ci_(report::DetectCiSystem(sys.env)),
      started_(sys.clock.Now()),
      started_elapsed_(sys.clock.Elapsed()) {}

double CiOutput::Seconds() const { return sys_.clock.Elapsed() - started_elapsed_; }

void CiOutput::Follow(report::Report& report, const std::string& environment) {
  report.OnNewSuite([this, environment](report::TestSuite& suite) {
    suite.started = Seconds();
    if (ci_ == report::CiSystem::kPlain) return;
    Close();
    open_ = report::Section{suite.name, environment + ": " + suite.name, Quiet(suite.name)};
    out_.flush();
    err_ << report::SectionStart(ci_, *open_, Epoch(sys_.clock.Now())) << std::flush;
  });
}

void CiOutput::Close() {
  if (!open_) return;
  out_.flush();
  err_ << report::SectionEnd(ci_, *open_, Epoch(sys_.clock.Now())) << std::flush;
  open_.reset();
}

void CiOutput::Annotate(const report::Report& report, const Error* error) {
  if (ci_ != report::CiSystem::kGitHub) return;
  report::Failure failure;
  failure.title = report.name();
  failure.error = error ? error->ToString() : "";
  failure.error_placed = error && error->kind == ErrorKind::kInvalidInput;
  failure.workspace = sys_.env.Get("GITHUB_WORKSPACE").value_or(sys_.cwd);
  out_.flush();
  err_ << report::GithubErrorAnnotations(failure, report) << std::flush;
}

void CiOutput::LastLine(const report::Report& report, const std::string& reason) {
  if (ci_ != report::CiSystem::kGitLab) return;
  std::string why = reason;
  for (const report::TestSuite& s : report.suites()) {
    for (const report::TestCase& c : s.cases) {
      bool failed = c.status == report::TestCase::Status::kFailed || c.status == report::TestCase::Status::kError;
      if (why.empty() && failed) why = s.name + " " + c.name + ": " + c.message;
    }
  }
  if (why.empty()) return;
  out_.flush();
  size_t more = why.find('\n');
  err_ << report.name() << " failed: " << why.substr(0, more) << (more == std::string::npos ? "" : " (…)") << "\n"
       << std::flush;
}

void CiOutput::Summarize(const report::Report& report, report::SummaryFacts facts, const std::string& summary_file) {
  std::string github = ci_ == report::CiSystem::kGitHub ? sys_.env.Get("GITHUB_STEP_SUMMARY").value_or("") : "";
  if (summary_file.empty() && github.empty()) return;
  facts.started = started_;
  facts.seconds = Seconds();
  std::string markdown = report::Summary(report, facts);
  if (!summary_file.empty()) {
    if (Status written = sys_.fs.WriteAtomic(summary_file, markdown); !written.ok()) {
      spdlog::warn("cannot write the summary {}: {}", summary_file, written.error().message);
    }
  }
  if (!github.empty()) {
    if (Status written = sys_.fs.Append(github, markdown); !written.ok()) {
      spdlog::warn("cannot write GitHub's step summary: {}", written.error().message);
    }
  }
}

}  // namespace qareports::cli
