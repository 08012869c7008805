// SMTP, behind an interface: one conversation with a mail server through
// libcurl (banner, EHLO, STARTTLS with verified TLS, optionally MAIL, RCPT
// and DATA, QUIT), with its transcript, so that a check can say which stage
// failed and what the server answered. Talks to the network.
#pragma once

#include <string>

namespace qareports::sys {

struct SmtpRequest {
  std::string host;
  int port = 25;
  bool starttls = false;  // require STARTTLS
  bool insecure = false;  // skip certificate verification (only when the config says so)
  double timeout_seconds = 10;
  std::string mail_from;  // with send_to: a full send; without: banner, EHLO and NOOP only
  std::string send_to;
};

struct SmtpResult {
  int code = 0;                // libcurl's result, 0 when the conversation succeeded
  std::string error;           // libcurl's words for it
  long reply = 0;              // the server's last reply code
  std::string last_reply;      // the server's last reply line
  std::string last_command;    // the last command sent ("" before the banner was answered)
  std::string failed_reply;    // the first 4xx/5xx reply line, and the command it answered
  std::string failed_command;  // ("" when it answered the connection: a refusing banner)
  bool got_banner = false;     // the server spoke at all
  std::string transcript;      // both sides, one line each ("S: ..." / "C: ...")
};

class SmtpClient {
 public:
  virtual ~SmtpClient() = default;
  virtual SmtpResult Converse(const SmtpRequest& request) = 0;
};

class RealSmtpClient : public SmtpClient {
 public:
  SmtpResult Converse(const SmtpRequest& request) override;
};

}  // namespace qareports::sys
