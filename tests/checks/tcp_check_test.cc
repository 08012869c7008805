// The tcp check against a port that listens and one that does not, on loopback.
#include "checks/tcp_check.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fakes/fake_sys.h"
#include "fixtures/oci_registry.h"

namespace qareports::checks {
namespace {

TEST(TcpCheckTest, AListeningPortPassesAndAClosedOneIsRefused) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  ASSERT_EQ(::listen(listener, 4), 0);
  sys::RealTcpClient tcp;
  testing::FakeClock clock;
  config::Check open{"database", "tcp", {{"host", "127.0.0.1"}, {"port", std::to_string(ntohs(addr.sin_port))}}, {}};
  CheckResult up = TcpCheck(open, tcp, clock);
  EXPECT_TRUE(up.passed) << up.message;
  EXPECT_NE(up.message.find("accepts connections"), std::string::npos);
  ::close(listener);
  config::Check closed{"broker", "tcp", {{"host", "127.0.0.1"}, {"port", std::to_string(testing::FreePort())}}, {}};
  CheckResult down = TcpCheck(closed, tcp, clock);
  EXPECT_FALSE(down.passed);
  EXPECT_NE(down.message.find("connection refused"), std::string::npos) << down.message;
}

}  // namespace
}  // namespace qareports::checks
