// qareports(1): the manual page, in roff, written from the same command
// line as --help (cli/run.h), so that the two cannot drift apart. Pure.
#pragma once

#include <string>

namespace qareports::cli {

std::string ManPage(const std::string& version);

}  // namespace qareports::cli
