// What the job shows its CI beyond the log lines: each phase of the report
// as a collapsible log section (GitLab) or group (GitHub), timed for the
// summary's timeline; GitHub's error annotations for invalid input; and the
// Markdown summary, to --summary FILE and to $GITHUB_STEP_SUMMARY.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "commands/command.h"
#include "report/ci_system.h"
#include "report/log_sections.h"
#include "report/report.h"
#include "report/summary.h"
#include "sys/sys.h"

namespace qareports::cli {

class CiOutput {
 public:
  // `out` is flushed before a section line goes to `err`, the log's stream.
  CiOutput(sys::Sys& sys, std::ostream& out, std::ostream& err);

  // Opens a section as each phase of `report` begins, closing the one before.
  void Follow(report::Report& report, const std::string& environment);
  // Closes the open section, so that what follows is seen at once.
  void Close();
  // The annotations of an invalid-input error, on GitHub.
  void Annotate(const Error& error);
  // Writes the summary where it is wanted; a failure to is a warning.
  void Summarize(const report::Report& report, report::SummaryFacts facts, const std::string& summary_file);

  double Seconds() const;
  std::chrono::system_clock::time_point started() const { return started_; }

 private:
  sys::Sys& sys_;
  std::ostream& out_;
  std::ostream& err_;
  report::CiSystem ci_;
  std::chrono::system_clock::time_point started_;
  double started_elapsed_;
  std::optional<report::Section> open_;
};

}  // namespace qareports::cli
