// What every command is given and returns. Deps carries the side effects and
// the validated config (after Helm's action Configuration); Outcome is what a
// successful run produced. Commands add their test cases to the Report.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>
#include <string>

#include "config/config.h"
#include "deploy/cluster.h"
#include "report/report.h"
#include "sys/sys.h"

namespace qareports::commands {

// Options every command accepts (DESIGN.md, "Command line").
struct GlobalOptions {
  std::string config = "pipelines/environments.yml";
  std::string kubeconfig;
  std::string context;
  std::string junit;
  std::string summary;          // --summary: the Markdown summary's file
  bool reported = false;        // a JUnit file or a summary is written: the report must be whole
  std::string output = "text";  // text | json
  std::optional<double> timeout;  // --timeout in seconds, validated (more than 0); nullopt: the command's default
  int verbosity = 0;
};

struct Deps {
  sys::Sys& sys;
  const config::Config& config;
  const config::Environment& env;
  const GlobalOptions& global;
  std::ostream& out;  // stdout: what a command prints for people or pipes
  // The cluster of every environment the command reads (--kubeconfig and
  // --context applied), opened the first time it is asked for.
  deploy::Clusters& clusters;

  deploy::Cluster& cluster() const { return clusters.For(env); }
};

struct Outcome {
  nlohmann::json data = nlohmann::json::object();  // printed on stdout with -o json
  bool changes_present = false;  // exit 2 (plan/drift with --detailed-exitcode)
  int handed_over_exit = -1;     // the exit code of a program the command handed over to (kubectl)
};

}  // namespace qareports::commands
