// The `http` and `squad-version` checks: a GET (redirects followed, TLS
// verified) with the check's token (from its environment variable, sent as
// `Token` or `Bearer`, never shown), retried a few times, judged by status,
// body text, a regular expression, JSON fields by JSON pointer, or SQUAD's
// version answer. Talks to the HTTP server.
#pragma once

#include "checks/check.h"

namespace qareports::checks {

CheckResult HttpCheck(const config::Check& check, sys::HttpClient& http, const sys::Environment& env,
                      const sys::FileSystem& fs, const sys::Clock& clock);
CheckResult SquadVersionCheck(const config::Check& check, const std::string& expected, sys::HttpClient& http,
                              const sys::Clock& clock);

}  // namespace qareports::checks
