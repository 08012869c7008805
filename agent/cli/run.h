// The command line: `qareports <environment> <command> [options]`. Parses the
// arguments, loads and validates the config, runs one command, writes its
// JUnit report and returns the exit code. Side effects go through `sys`.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "sys/sys.h"

namespace qareports::cli {

// The command line's grammar: the CLI11 app with every command and option,
// bound to where the parsed values go. --help, the man page and shell
// completion all read it.
struct CommandLine {
  CLI::App app{"qareports: deploys SQUAD (qa-reports) to Kubernetes from a CI pipeline.\n"
               "Usage: qareports <environment> <command> [options]",
               "qareports"};
  std::string environment;
  commands::GlobalOptions global;
  std::string timeout;
  std::vector<std::pair<CLI::App*, Runner>> runners;
};
void BuildCommandLine(CommandLine& cl);

// `args` excludes the program name. JSON results go to `out` (stdout), the
// log and help for humans to stderr and `out` as CLI11 does. `--man` prints
// the manual page and `--complete` shell completions instead of running a job.
int Run(const std::vector<std::string>& args, sys::Sys& sys, std::ostream& out, std::ostream& err);

}  // namespace qareports::cli
