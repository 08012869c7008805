#include "checks/tcp_check.h"


namespace qareports::checks {

CheckResult TcpCheck(const config::Check& check, sys::TcpClient& tcp, const sys::Clock& clock) {
  std::string host = Param(check, "host"), port = Param(check, "port", "0");
  double timeout = Seconds(check, "timeout", 5);
  double start = clock.Elapsed();
  std::string problem = tcp.Connect(host, std::atoi(port.c_str()), timeout);
  CheckResult r = ResultFor(check, host + ":" + port + ": " + (problem.empty() ? "accepts connections" : problem));
  r.passed = problem.empty();
  r.seconds = clock.Elapsed() - start;
  return r;
}

}  // namespace qareports::checks
