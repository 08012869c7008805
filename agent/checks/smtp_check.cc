#include "checks/smtp_check.h"

#include <curl/curl.h>

#include <cctype>


namespace qareports::checks {
namespace {

bool Yes(const std::string& value) { return value == "true" || value == "yes" || value == "on" || value == "1"; }

bool IsReply(const std::string& line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
         std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2]));
}

}  // namespace

std::string SmtpProblem(const sys::SmtpResult& r) {
  std::string stage = r.last_command.empty() ? "the banner" : r.last_command;
  // libcurl waits for a reply code after a garbage banner: the transcript tells.
  if (r.got_banner && r.last_command.empty() && !IsReply(r.last_reply)) return "bad banner: " + r.last_reply.substr(0, 80);
  if (!r.failed_reply.empty()) {
    std::string what = r.failed_command.empty() ? "the banner" : r.failed_command;
    return what + " answered " + r.failed_reply + (r.failed_reply[0] == '4' ? " (temporary)" : " (permanent)");
  }
  switch (r.code) {
    case CURLE_COULDNT_CONNECT: return "connection refused (" + r.error + ")";
    case CURLE_COULDNT_RESOLVE_HOST: return "host not found";
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out waiting for " + (r.got_banner ? "the answer to " + stage : std::string("the banner"));
    case CURLE_USE_SSL_FAILED: return "STARTTLS was not offered or was refused" + (r.last_reply.empty() ? "" : ": " + r.last_reply);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return "TLS failure after STARTTLS: " + r.error;
    default: break;
  }
  if (!r.got_banner) return "the connection closed before the banner (" + r.error + ")";
  if (r.code == CURLE_WEIRD_SERVER_REPLY) return "bad answer to " + stage + ": " + r.last_reply.substr(0, 80);
  return "failed at " + stage + ": " + r.error;
}

CheckResult SmtpCheck(const config::Check& check, sys::SmtpClient& smtp, const sys::Clock& clock) {
  sys::SmtpRequest request;
  request.host = Param(check, "host");
  request.port = std::atoi(Param(check, "port", "25").c_str());
  request.starttls = Yes(Param(check, "starttls"));
  request.insecure = Yes(Param(check, "insecure"));
  request.timeout_seconds = Seconds(check, "timeout", 10);
  request.send_to = Param(check, "send_to");
  request.mail_from = Param(check, "mail_from", "qareports@qareports.invalid");
  double start = clock.Elapsed();
  sys::SmtpResult r = smtp.Converse(request);
  CheckResult result = ResultFor(check);
  result.passed = r.code == 0;
  result.seconds = clock.Elapsed() - start;
  result.output = r.transcript;
  std::string where = request.host + ":" + std::to_string(request.port);
  if (result.passed) {
    result.message = where + ": " + (request.send_to.empty() ? "banner, EHLO" : "sent to " + request.send_to) +
                     (request.starttls ? ", STARTTLS" : "") + " ok";
  } else {
    result.message = where + ": " + SmtpProblem(r);
  }
  return result;
}

}  // namespace qareports::checks
