// The log: spdlog to stderr, coloured only on a terminal, more with -v.
// Touches stderr.
#pragma once

namespace qareports::cli {

void SetUpLogging(int verbosity);

}  // namespace qareports::cli
