// A job's report as SQUAD's submit API takes it: `tests` (suite/case ->
// pass, fail or skip), `metrics` (numbers: the job's duration, each
// rollout's, migration's, check's and gate condition's seconds, and how
// many objects each kind of change touched) and `metadata`. Names are made
// valid for SQUAD ([a-zA-Z0-9_.-], '/' between suite and case) and unique.
// Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/report.h"

namespace qareports::report {

struct JobFacts {
  std::string job_id;      // unique per job; no '/'
  std::string job_url;
  std::string build_url;   // the pipeline's
  std::string job_status;  // "Complete", "Incomplete" or "Canceled"
  int exit_code = 0;
  std::string environment;
  std::string command;
  std::string commit;      // "" when unknown
  int release = 0;         // the release record the job made or acted on; 0 for none
  std::string version;     // the SQUAD version deployed; "" for none
  std::string agent;       // "qareports 0.1.0 (commit …)"
};

// `text` with every character SQUAD does not take in a name replaced by '_'.
std::string SquadSlug(const std::string& text);

nlohmann::json SquadTests(const Report& report);
nlohmann::json SquadMetrics(const Report& report, double job_seconds);
nlohmann::json SquadMetadata(const JobFacts& facts);

}  // namespace qareports::report
