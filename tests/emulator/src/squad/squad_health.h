// The simulated SQUAD's health page, `/ht/`: django-health-check 3.16.4
// (the version SQUAD 1.89's image pins; revsys/django-health-check,
// health_check/views.py and the contrib apps) behind SQUAD's own staff
// check (Linaro/squad, squad/urls.py and squad/http.py). Facts as measured
// against SQUAD 1.89 (shared/SQUAD.md): a key per installed check app, named
// after the check's class; 200 when every check works, 500 when any one
// fails, the JSON still listing each; 403 with an empty body for no token or
// a user who is not staff; JSON only with `?format=json` or when Accept
// prefers it, 406 for an Accept it cannot serve. Pure.
#pragma once
#include <set>
#include <string>
#include <vector>

namespace qareports::emulator {

// The django-health-check apps that SQUAD settings files install, in the
// order first named: every quoted `health_check…` module name in them. The
// stand-in reads the files, it does not run them, so a name in a branch
// that Python would skip counts too.
std::vector<std::string> HealthCheckApps(const std::vector<std::string>& settings_files);

// The JSON key of an app's check ("health_check.db" -> "DatabaseBackend");
// "" for the framework itself and for apps the stand-in does not know.
std::string HealthCheckKey(const std::string& app);

struct HealthRequest {
  bool has_token = false;  // a token came (Auth-Token or Authorization: Token)
  bool staff = false;      // and it is a staff user's
  std::string format;      // the `format` query parameter
  std::string accept;      // the Accept header ("" : none)
};

struct HealthPage {
  int status = 200;
  std::string content_type;
  std::string body;
};

// The answer for the installed `apps` while the `down` backends (broker,
// database, workers) are down.
HealthPage AnswerHealth(const std::vector<std::string>& apps, const std::set<std::string>& down,
                        const HealthRequest& request);

}  // namespace qareports::emulator
