// Runs programs: an argv array with no shell, extra environment variables,
// data on stdin, a time limit. Secrets go in the environment or stdin, never
// in argv. The real runner forks and execs.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace qareports::sys {

struct ProcessRequest {
  std::vector<std::string> argv;            // argv[0] is searched on PATH
  std::map<std::string, std::string> env;   // added to (or replacing in) the environment
  std::string input;                        // written to stdin
  double timeout_seconds = 60;
  bool interactive = false;                 // inherit the terminal: no capture, no time limit
  // Each complete line of stdout as it comes (it is captured too).
  std::function<void(const std::string&)> on_out_line;
  // On a stop, send SIGINT once and let the program finish within the
  // cleanup time left (Terraform releases its state lock so); SIGKILL
  // after. Otherwise a stop kills it at once. Such a program also gets
  // SIGINT when the agent dies (SIGKILL, a crash) and writes its output to
  // files rather than pipes, so that it can finish as it would on a stop
  // with nobody left to read it, instead of running on until a write to a
  // closed pipe kills it mid-change.
  bool interrupt_on_stop = false;
};

struct ProcessResult {
  int exit_code = -1;      // 128+N when killed by signal N
  std::string out;         // captured stdout (not when interactive)
  std::string err;         // captured stderr (not when interactive)
  bool not_found = false;  // argv[0] could not be executed
  bool timed_out = false;  // killed at the time limit
  bool stopped = false;    // killed, or interrupted, because the job was stopped (sys/stop.h)
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessResult Run(const ProcessRequest& request) = 0;
};

class RealProcessRunner : public ProcessRunner {
 public:
  ProcessResult Run(const ProcessRequest& request) override;
};

}  // namespace qareports::sys
