// TCP connections, behind an interface: whether a host's port accepts a
// connection within a time (PostgreSQL, RabbitMQ). Through libcurl's
// connect-only mode. Talks to the network.
#pragma once

#include <string>

namespace qareports::sys {

class TcpClient {
 public:
  virtual ~TcpClient() = default;
  // Empty when the connection was accepted (and closed again); else why not.
  virtual std::string Connect(const std::string& host, int port, double timeout_seconds) = 0;
};

class RealTcpClient : public TcpClient {
 public:
  std::string Connect(const std::string& host, int port, double timeout_seconds) override;
};

}  // namespace qareports::sys
