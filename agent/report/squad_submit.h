// Submits one test run to SQUAD: `POST <url>/api/submit/<group>/<project>/
// <build>/<environment>` as multipart form data, the token in `Auth-Token`.
// Answers of 5xx and failed connections are retried (three attempts, 2 s
// and 4 s apart), never once the job is being stopped. A retry that SQUAD
// refuses as a repeated job_id means an earlier try landed: it counts as
// submitted. Touches the network through the HTTP client.
#pragma once

#include <string>
#include <vector>

#include "sys/clock.h"
#include "sys/http_client.h"
#include "util/multipart.h"

namespace qareports::report {

struct SquadTarget {
  std::string url;  // the instance, without a trailing '/'
  std::string group, project, build, environment;
  std::string token;
};

struct SubmitOutcome {
  bool ok = false;
  int status = 0;        // the last HTTP status; 0 when none came
  std::string message;   // SQUAD's words (one line), or what went wrong below HTTP
  std::string test_run;  // the test run's id, when SQUAD said it
  bool landed_earlier = false;  // a try that went unanswered (or 5xx) had landed
  int attempts = 0;
};

// The submit URL of `target` (its path segments escaped).
std::string SubmitUrl(const SquadTarget& target);

SubmitOutcome SubmitTestRun(sys::HttpClient& http, const sys::Clock& clock, const SquadTarget& target,
                            const std::vector<util::FormPart>& parts);

}  // namespace qareports::report
