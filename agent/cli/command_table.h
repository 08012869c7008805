// The commands the binary offers, in one table (after ninja's tool table):
// name, aliases, summary, and how to bind its flags and run it. Only commands
// that work are listed.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "util/result.h"

namespace qareports::cli {

using Runner = std::function<Result<commands::Outcome>(const commands::Deps&, report::Report&)>;

struct CommandSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string summary;
  // Adds the command's own options to `sub` and returns what runs it.
  std::function<Runner(CLI::App& sub)> bind;
};

const std::vector<CommandSpec>& Commands();

}  // namespace qareports::cli
