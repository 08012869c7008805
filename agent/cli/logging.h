// The log: spdlog to stderr, coloured only on a terminal, more with -v; and
// the same lines kept in memory (the last 20,000, 4 MiB at most, held only
// as they come), for the job's log where its results are submitted.
// Touches stderr.
#pragma once

#include <string>

namespace qareports::cli {

// Sets the level, and starts the kept log afresh.
void SetUpLogging(int verbosity);
// What this job has logged so far, one line per message.
std::string JobLog();

}  // namespace qareports::cli
