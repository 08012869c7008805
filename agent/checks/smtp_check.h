// The `smtp` check: a conversation with the relay (banner, EHLO, STARTTLS
// when configured, optionally a full send to a sink address such as SES's
// mailbox simulator, QUIT), failing with the stage that failed and what the
// server answered: refused, timed out, bad banner, 4xx, 5xx, TLS. Talks to
// the relay through SmtpClient.
#pragma once

#include "checks/check.h"
#include "sys/smtp_client.h"

namespace qareports::checks {

// What went wrong, in an operator's words, from the conversation's result.
std::string SmtpProblem(const sys::SmtpResult& result);

CheckResult SmtpCheck(const config::Check& check, sys::SmtpClient& smtp, const sys::Clock& clock);

}  // namespace qareports::checks
