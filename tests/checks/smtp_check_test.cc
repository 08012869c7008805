// The smtp check against real servers on loopback: Debian's aiosmtpd (plain,
// STARTTLS with a generated certificate, rejecting every recipient), Debian's
// exim4 (a real MTA: delivery, STARTTLS, a refused recipient) and
// misbehaving servers written here (closes at once, a garbage banner, never
// answers, answers every line very slowly). Each failure must name its stage and the server's answer.
#include "checks/smtp_check.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "fakes/fake_sys.h"
#include "fixtures/build_paths.h"
#include "fixtures/exim_server.h"
#include "fixtures/oci_registry.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"

namespace qareports::checks {
namespace {

using testing::FreePort;
using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

// aiosmtpd in MODE, stopped when the test ends.
class Aiosmtpd {
 public:
  static std::string Unavailable() {
    if (RunProcess({"/usr/bin/python3", "-c", "import aiosmtpd"}).exit_code != 0) {
      return "Debian's python3-aiosmtpd is not installed (ci/setup installs it)";
    }
    return "";
  }
  explicit Aiosmtpd(const std::string& mode) : port_(FreePort()) {
    std::vector<std::string> args = {"/usr/bin/python3", std::string(QAREPORTS_SOURCE_DIR) + "/tests/fixtures/smtp_server.py",
                                     std::to_string(port_), mode};
    if (mode == "starttls") {
      RunProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                  "-keyout", dir_ / "key.pem", "-out", dir_ / "cert.pem"});
      args.push_back(dir_ / "cert.pem");
      args.push_back(dir_ / "key.pem");
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr)) ::_exit(126);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !testing::Listening(port_); ++i) ::usleep(50000);
  }
  ~Aiosmtpd() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  int port() const { return port_; }

 private:
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

// A server that misbehaves in one way with whoever connects.
class Misbehaving {
 public:
  enum class Way { kCloseAtOnce, kGarbageBanner, kSilent, kSlow };
  explicit Misbehaving(Way way) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(listener_, 4);
    thread_ = std::thread([this, way] {
      while (!stop_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int c = ::accept(listener_, nullptr, nullptr);
        if (way == Way::kGarbageBanner) (void)!::write(c, "HELLO THERE\r\n", 13);
        if (way == Way::kSlow) AnswerSlowly(c);
        while ((way == Way::kGarbageBanner || way == Way::kSilent) && !stop_) ::usleep(20000);
        ::close(c);
      }
    });
  }
  ~Misbehaving() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  int port() const { return port_; }

 private:
  // A well-formed conversation with every reply 700 ms late (banner included).
  void AnswerSlowly(int c) {
    std::string pending;
    for (std::string reply = "220 slow.example ESMTP\r\n"; !reply.empty() && !stop_;) {
      ::usleep(700000);
      if (::write(c, reply.data(), reply.size()) < 0) return;
      reply.clear();
      while (reply.empty() && !stop_) {
        char buffer[512];
        pollfd p{c, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        ssize_t n = ::read(c, buffer, sizeof buffer);
        if (n <= 0) return;
        pending.append(buffer, static_cast<size_t>(n));
        if (pending.find('\n') == std::string::npos) continue;
        bool quit = pending.rfind("QUIT", 0) == 0;
        pending.clear();
        reply = quit ? "" : "250 ok\r\n";
        if (quit) (void)!::write(c, "221 bye\r\n", 9);
      }
    }
  }

  int listener_ = -1, port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class SmtpCheckTest : public ::testing::Test {
 protected:
  CheckResult Check(int port, std::map<std::string, std::string> params = {}) {
    config::Check check{"relay", "smtp", std::move(params), {}};
    check.params["host"] = "127.0.0.1";
    check.params["port"] = std::to_string(port);
    if (!check.params.count("timeout")) check.params["timeout"] = "3s";
    return SmtpCheck(check, smtp_, clock_);
  }
  sys::RealSmtpClient smtp_;
  testing::FakeClock clock_;
};

// Skips the test, saying why, when its server cannot run here.
#define REQUIRE_SERVER(Server)                                                    \
  do {                                                                            \
    if (std::string why = Server::Unavailable(); !why.empty()) GTEST_SKIP() << why; \
  } while (0)

TEST_F(SmtpCheckTest, APlainRelayPassesAndAcceptsAFullSend) {
  REQUIRE_SERVER(Aiosmtpd);
  Aiosmtpd server("accept");
  CheckResult probe = Check(server.port());
  EXPECT_TRUE(probe.passed) << probe.message;
  EXPECT_NE(probe.message.find("banner, EHLO ok"), std::string::npos) << probe.message;
  EXPECT_NE(probe.output.find("C: NOOP"), std::string::npos) << "the report has the conversation: " << probe.output;
  EXPECT_NE(probe.output.find("C: QUIT"), std::string::npos) << probe.output;
  EXPECT_EQ(probe.output.find("C: HELP"), std::string::npos) << "no HELP, which some relays refuse: " << probe.output;
  CheckResult sent = Check(server.port(), {{"send_to", "success@simulator.amazonses.com"}});
  EXPECT_TRUE(sent.passed) << sent.message;
  EXPECT_NE(sent.message.find("sent to success@simulator.amazonses.com"), std::string::npos) << sent.message;
}

TEST_F(SmtpCheckTest, ARejectedRecipientNamesRcptAndThe5xx) {
  REQUIRE_SERVER(Aiosmtpd);
  Aiosmtpd server("reject-rcpt");
  CheckResult r = Check(server.port(), {{"send_to", "nobody@example.org"}});
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("RCPT answered 550 5.1.1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("(permanent)"), std::string::npos) << r.message;
}

TEST_F(SmtpCheckTest, ADeferredRecipientNamesRcptAndThe4xxAsTemporary) {
  REQUIRE_SERVER(Aiosmtpd);
  Aiosmtpd server("defer-rcpt");
  CheckResult r = Check(server.port(), {{"send_to", "success@simulator.amazonses.com"}});
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("RCPT answered 451 4.7.1"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("(temporary)"), std::string::npos) << r.message;
  EXPECT_NE(r.output.find("S: 451 4.7.1"), std::string::npos) << r.output;
}

TEST_F(SmtpCheckTest, StartTlsIsVerifiedUnlessTheConfigSaysOtherwise) {
  REQUIRE_SERVER(Aiosmtpd);
  Aiosmtpd server("starttls");
  CheckResult verified = Check(server.port(), {{"starttls", "true"}});
  EXPECT_FALSE(verified.passed) << "a self-signed certificate is not trusted";
  EXPECT_NE(verified.message.find("TLS failure"), std::string::npos) << verified.message;
  CheckResult insecure = Check(server.port(), {{"starttls", "true"}, {"insecure", "true"}, {"send_to", "a@example.org"}});
  EXPECT_TRUE(insecure.passed) << insecure.message;
  EXPECT_NE(insecure.message.find("STARTTLS"), std::string::npos) << insecure.message;
}

TEST_F(SmtpCheckTest, EximDeliversAFullSendOverStartTls) {
  REQUIRE_SERVER(testing::EximServer);
  testing::EximServer exim;
  ASSERT_TRUE(exim.ok()) << exim.Stderr();
  CheckResult probe = Check(exim.port());
  EXPECT_TRUE(probe.passed) << probe.message;
  CheckResult verified = Check(exim.port(), {{"starttls", "true"}});
  EXPECT_FALSE(verified.passed) << "exim's self-signed certificate is not trusted";
  EXPECT_NE(verified.message.find("TLS failure"), std::string::npos) << verified.message;
  CheckResult sent = Check(exim.port(), {{"starttls", "true"}, {"insecure", "true"}, {"send_to", "ops@example.org"},
                                         {"mail_from", "qareports@example.org"}});
  EXPECT_TRUE(sent.passed) << sent.message;
  EXPECT_NE(sent.message.find("sent to ops@example.org, STARTTLS ok"), std::string::npos) << sent.message;
  std::string mailbox = exim.Mailbox("qareports checked that this relay accepts mail.");
  EXPECT_NE(mailbox.find("qareports checked that this relay accepts mail."), std::string::npos)
      << "exim delivered the message: " << mailbox << exim.Stderr();
  EXPECT_NE(mailbox.find("Subject: qareports relay check"), std::string::npos) << mailbox;
}

TEST_F(SmtpCheckTest, EximRefusingTheRecipientNamesRcptAndItsWords) {
  REQUIRE_SERVER(testing::EximServer);
  testing::EximServer exim;
  ASSERT_TRUE(exim.ok()) << exim.Stderr();
  CheckResult r = Check(exim.port(), {{"send_to", "reject@example.org"}});
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("RCPT answered 550 no such user (permanent)"), std::string::npos) << r.message;
}

TEST_F(SmtpCheckTest, StartTlsNotOfferedIsSaid) {
  REQUIRE_SERVER(Aiosmtpd);
  Aiosmtpd server("accept");
  CheckResult r = Check(server.port(), {{"starttls", "true"}});
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.message.find("STARTTLS was not offered"), std::string::npos) << r.message;
}

TEST_F(SmtpCheckTest, MisbehavingServersAreToldApart) {
  int nothing = FreePort();
  CheckResult refused = Check(nothing);
  EXPECT_FALSE(refused.passed);
  EXPECT_NE(refused.message.find("connection refused"), std::string::npos) << refused.message;

  Misbehaving closes(Misbehaving::Way::kCloseAtOnce);
  CheckResult closed = Check(closes.port());
  EXPECT_FALSE(closed.passed);
  EXPECT_NE(closed.message.find("closed before the banner"), std::string::npos) << closed.message;

  Misbehaving garbage(Misbehaving::Way::kGarbageBanner);
  CheckResult bad = Check(garbage.port());
  EXPECT_FALSE(bad.passed);
  EXPECT_NE(bad.message.find("bad banner: HELLO THERE"), std::string::npos) << bad.message;

  Misbehaving silent(Misbehaving::Way::kSilent);
  CheckResult timed = Check(silent.port(), {{"timeout", "1s"}});
  EXPECT_FALSE(timed.passed);
  EXPECT_NE(timed.message.find("timed out waiting for the banner"), std::string::npos) << timed.message;
}

TEST_F(SmtpCheckTest, AVerySlowServerPassesWithinItsTimeoutAndTimesOutBeyondIt) {
  Misbehaving slow(Misbehaving::Way::kSlow);
  CheckResult late = Check(slow.port(), {{"timeout", "1s"}});
  EXPECT_FALSE(late.passed) << "banner at 0.7 s and EHLO's answer at 1.4 s: beyond a 1 s timeout";
  EXPECT_NE(late.message.find("timed out waiting for the answer to EHLO"), std::string::npos) << late.message;
  CheckResult patient = Check(slow.port(), {{"timeout", "6s"}});
  EXPECT_TRUE(patient.passed) << patient.message << "\n" << patient.output;
}

}  // namespace
}  // namespace qareports::checks
