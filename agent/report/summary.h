// The job told as Markdown for a person opening the pipeline: GitHub's step
// summary ($GITHUB_STEP_SUMMARY) and the --summary file GitLab exposes as an
// artifact. The outcome with its exit code, the release and the exact command
// that rolls it back, what changed (counts and objects), the gate's verdicts
// and the checks, the failures with their details, and a timeline of the
// phases as a Mermaid gantt. Built from the report, so it holds no more than
// the JUnit file does (no secrets). Pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "report/report.h"

namespace qareports::report {

// GitHub takes at most 1 MiB of summary per step.
inline constexpr size_t kSummaryLimit = 1024 * 1024;

struct SummaryFacts {
  std::string title;  // "qareports staging upgrade"
  int exit_code = 0;
  std::string meaning;   // what the exit code tells
  std::string message;   // what went wrong (or the result); may span lines
  std::string release;   // "Release 7 (SQUAD 1.90) is deployed." or ""
  std::string rollback;  // the command that rolls it back, or ""
  std::chrono::system_clock::time_point started;  // when the job began
  double seconds = 0;                             // how long it ran
};

// The Markdown, never longer than kSummaryLimit bytes.
std::string Summary(const Report& report, const SummaryFacts& facts);

}  // namespace qareports::report
