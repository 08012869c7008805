// The request to stop the job, as a process-wide flag that waits, requests
// and streams consult, so that the job stops waiting within a fraction of a
// second and can clean up. A stop comes from SIGTERM or SIGINT (a cancelled
// CI job) or from the job's deadline (--timeout) passing. Once stopped, the
// job has a bounded time to clean up (roll back, release the lock, write the
// report): CleanupSecondsLeft() says how much is left, and every request and
// wait made during cleanup is cut to it. Touches signals.
#pragma once

#include <string>

namespace qareports::sys {

// From a stop signal to the end of the job (DESIGN.md: "within ten seconds").
constexpr double kStopGraceSeconds = 10;

// Installs handlers for SIGTERM and SIGINT that set the flag.
void InstallStopHandlers();
bool StopRequested();
// Why: "SIGTERM", "SIGINT", "--timeout (60 s) ran out", or what RequestStop was given.
std::string StopReason();
// Seconds left for cleanup since the stop (never below 0); a very large
// number while no stop was requested. Until FinalCleanup() the last
// kReleaseReserveSeconds are kept back: a restore that runs out of time
// still leaves the job time to release its lock.
double CleanupSecondsLeft();
inline constexpr double kReleaseReserveSeconds = 1.5;
// How long a request given `timeout_seconds` (0: none, a stream) may take if
// sent now: all of it before a stop; after one, no more than what is left
// of the cleanup, and a request (not a stream) no more than a third of that
// (0.3 s at least): one that hangs is given up while there is still time to
// send it again.
double RequestSecondsAllowed(double timeout_seconds);
// The job's last step (releasing the lock, writing the report) begins: it
// may use the reserve.
void FinalCleanup();
// The whole job's deadline, `seconds` from now (--timeout): past its share
// for the work (all but the cleanup's reserve) the job is stopped, and it
// must have ended by the deadline itself.
void SetDeadline(double seconds);
// For tests, and for code that must stop the job itself.
void RequestStop(const std::string& reason = "stop requested");
// Clears the stop and the deadline (tests).
void ClearStop();

}  // namespace qareports::sys
