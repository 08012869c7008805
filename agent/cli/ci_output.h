// What the job shows its CI beyond the log lines: each phase of the report
// as a collapsible log section (GitLab) or group (GitHub), timed for the
// summary's timeline; why a job failed (GitHub's error annotations, GitLab's
// last line); and the Markdown summary, to --summary FILE and to
// $GITHUB_STEP_SUMMARY.
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
  // Why the job failed, where its CI shows it: GitHub's error annotations
  // for `error` (null when the job failed without one: a check, a closed
  // gate) and each failed case of `report`; on GitLab, the reason as the
  // log's last line (the job's page shows the end of its log).
  void Annotate(const report::Report& report, const Error* error);
  void LastLine(const report::Report& report, const std::string& reason);
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
