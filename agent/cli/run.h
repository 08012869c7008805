// The command line: `qareports <environment> <command> [options]`. Parses the
// arguments, loads and validates the config, runs one command, writes its
// JUnit report and returns the exit code. Side effects go through `sys`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sys/sys.h"

namespace qareports::cli {

// `args` excludes the program name. JSON results go to `out` (stdout), the
// log and help for humans to stderr and `out` as CLI11 does.
int Run(const std::vector<std::string>& args, sys::Sys& sys, std::ostream& out, std::ostream& err);

}  // namespace qareports::cli
