#include "checks/check.h"

#include <set>
#include <thread>

#include "checks/http_check.h"
#include "checks/job_check.h"
#include "checks/smtp_check.h"
#include "checks/tcp_check.h"
#include "checks/workloads_check.h"
#include "sys/shared_library.h"
#include "util/strings.h"

namespace qareports::checks {

std::string Param(const config::Check& check, const std::string& key, const std::string& fallback) {
  auto it = check.params.find(key);
  return it == check.params.end() ? fallback : it->second;
}

double Seconds(const config::Check& check, const std::string& key, double fallback) {
  std::optional<long> seconds = util::ParseDuration(Param(check, key));
  return seconds ? static_cast<double>(*seconds) : fallback;
}

bool NeedsCluster(const config::Check& check) { return check.kind == "workloads" || check.kind == "job"; }

CheckResult ResultFor(const config::Check& check, std::string message) {
  CheckResult r;
  r.name = check.name;
  r.kind = check.kind;
  r.message = std::move(message);
  return r;
}

Status RequireTokens(const std::vector<const config::Check*>& checks, const sys::Environment& vars,
                     const std::string& config_path, const std::string& environment) {
  std::set<std::string> seen;
  std::vector<std::string> unset;
  for (const config::Check* c : checks) {
    auto token = c->params.find("token_env");
    if (token == c->params.end() || !vars.Get(token->second).value_or("").empty()) continue;
    if (seen.insert(token->second).second) unset.push_back(token->second + " (check " + c->name + ")");
  }
  if (unset.empty()) return Ok();
  return Error::InvalidInput("unset CI variables the health checks need: " + util::Join(unset, ", "), config_path,
                             "environments." + environment + ".checks");
}

namespace {

CheckResult RunOne(const config::Check& c, Context& context) {
  std::unique_ptr<sys::HttpClient> http = context.sys.http.Fork();
  if (c.kind == "http") return HttpCheck(c, *http, context.sys.env, context.sys.fs, context.sys.clock);
  if (c.kind == "smtp") {
    return context.sys.smtp ? SmtpCheck(c, *context.sys.smtp, context.sys.clock) : ResultFor(c, "no SMTP client here");
  }
  if (c.kind == "tcp") {
    return context.sys.tcp ? TcpCheck(c, *context.sys.tcp, context.sys.clock) : ResultFor(c, "no TCP client here");
  }
  if (c.kind == "squad-version") return SquadVersionCheck(c, context.expected_version, *http, context.sys.clock);
  if (!context.session) {
    return ResultFor(c, context.unreachable.empty() ? "no cluster to check in" : context.unreachable);
  }
  kube::Session& s = *context.session;
  kube::Client client(s.target, *http, *s.credentials, context.sys.clock);
  if (c.kind == "job") {
    auto job = context.jobs.find(c.name);
    if (job == context.jobs.end()) return ResultFor(c, "its Job manifest was not rendered");
    return JobCheck(c, job->second, client, s.namespace_, context.sys.clock, context.job_options);
  }
  if (c.kind == "workloads") {
    return WorkloadsCheck(c, client, s.namespace_, context.environment, context.squad_image,
                          context.expected_version, context.sys.clock);
  }
  return ResultFor(c, "no such check kind: " + c.kind);
}

}  // namespace

std::vector<CheckResult> RunAll(const std::vector<config::Check>& checks, Context& context) {
  std::vector<CheckResult> results(checks.size());
  std::vector<std::thread> running;
  for (size_t i = 0; i < checks.size(); ++i) {
    running.emplace_back([&, i] {
      try {
        results[i] = RunOne(checks[i], context);
      } catch (const sys::LibraryUnavailable& e) {  // libcurl could not be loaded
        results[i] = ResultFor(checks[i], e.what());
      }
    });
  }
  for (std::thread& t : running) t.join();
  return results;
}

}  // namespace qareports::checks
