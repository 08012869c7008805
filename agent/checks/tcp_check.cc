#include "checks/tcp_check.h"

#include "util/strings.h"

namespace qareports::checks {

CheckResult TcpCheck(const config::Check& check, sys::TcpClient& tcp, const sys::Clock& clock) {
  auto param = [&](const char* key, const char* fallback) {
    auto it = check.params.find(key);
    return it == check.params.end() ? std::string(fallback) : it->second;
  };
  std::string host = param("host", ""), port = param("port", "0");
  double timeout = static_cast<double>(util::ParseDuration(param("timeout", "5s")).value_or(5));
  double start = clock.Elapsed();
  std::string problem = tcp.Connect(host, std::atoi(port.c_str()), timeout);
  return CheckResult{check.name, check.kind, problem.empty(), false,
                     host + ":" + port + ": " + (problem.empty() ? "accepts connections" : problem),
                     clock.Elapsed() - start};
}

}  // namespace qareports::checks
