// The `tcp` check: the host's port accepts a connection in time. Talks to
// the host through TcpClient.
#pragma once

#include "checks/check.h"
#include "sys/tcp_client.h"

namespace qareports::checks {

CheckResult TcpCheck(const config::Check& check, sys::TcpClient& tcp, const sys::Clock& clock);

}  // namespace qareports::checks
