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

void CiOutput::Annotate(const Error& error) {
  if (ci_ != report::CiSystem::kGitHub || error.kind != ErrorKind::kInvalidInput) return;
  out_.flush();
  err_ << report::GithubErrorAnnotations("qareports: invalid input", error.ToString(),
                                         sys_.env.Get("GITHUB_WORKSPACE").value_or(sys_.cwd))
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
