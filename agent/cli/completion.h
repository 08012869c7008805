// Shell completion: `qareports --complete N WORD…` prints, one per line,
// what may stand at position N (1 = the first word after `qareports`) of
// the words given: the environments of the config (its --config, else
// pipelines/environments.yml), then the commands and their aliases, then
// options of the command (or values of --output). Nothing after an option
// that takes a file, so that the shell completes file names.
// contrib/bash-completion/qareports calls it. Reads the config through sys.fs.
#pragma once

#include <string>
#include <vector>

#include "sys/sys.h"

namespace qareports::cli {

std::string Completions(const std::vector<std::string>& args, sys::Sys& sys);

}  // namespace qareports::cli
