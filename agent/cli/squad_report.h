// The end of a pipeline job (detect, plan, drift, apply, upgrade, rollback,
// gate, check, up, destroy) whose config has `report.squad`: its results submitted
// to that SQUAD instance as a test run (tests, metrics, metadata, the log,
// and the JUnit report as an attachment), and a case of its own in the
// report (suite "report", case "squad") saying how that went: passed with
// the test run, failed naming the HTTP status and SQUAD's message, skipped
// when there is no token or the job was stopped. It never changes the exit
// code. Reads the environment; talks to SQUAD through sys.http.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "config/config.h"
#include "report/report.h"
#include "sys/sys.h"

namespace qareports::cli {

struct JobEnd {
  std::string environment;
  std::string command;
  std::string version;  // the SQUAD version the command was given (upgrade 1.91), "" when none
  int exit_code = 0;
  nlohmann::json data;  // the command's result ({} when it failed)
  double seconds = 0;   // how long the job ran
};

void ReportToSquad(const config::Config& config, const JobEnd& end, report::Report& report, sys::Sys& sys);

}  // namespace qareports::cli
