#include "checks/tcp_check.h"


namespace qareports::checks {

CheckResult TcpCheck(const config::Check& check, sys::TcpClient& tcp, const sys::Clock& clock) {
  std::string host = Param(check, "host"), port = Param(check, "port", "0");
  double timeout = Seconds(check, "timeout", 5);
  double start = clock.Elapsed();
  std::string problem = tcp.Connect(host, std::atoi(port.c_str()), timeout);
  return CheckResult{check.name, check.kind, problem.empty(), false,
                     host + ":" + port + ": " + (problem.empty() ? "accepts connections" : problem),
                     clock.Elapsed() - start};
}

}  // namespace qareports::checks
