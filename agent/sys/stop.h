// The request to stop the job (SIGTERM or SIGINT: a cancelled CI job), as a
// process-wide flag that waits and streams consult, so that the job stops
// waiting within a fraction of a second and can clean up. Touches signals.
#pragma once

namespace qareports::sys {

// Installs handlers for SIGTERM and SIGINT that set the flag.
void InstallStopHandlers();
bool StopRequested();
// For tests, and for code that must stop the job itself.
void RequestStop();
void ClearStop();

}  // namespace qareports::sys
