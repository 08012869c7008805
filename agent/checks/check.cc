#include "checks/check.h"

#include <thread>

#include "checks/http_check.h"
#include "checks/job_check.h"
#include "checks/smtp_check.h"
#include "checks/tcp_check.h"
#include "checks/workloads_check.h"
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

std::vector<CheckResult> RunAll(const std::vector<config::Check>& checks, Context& context) {
  std::vector<CheckResult> results(checks.size());
  std::vector<std::thread> running;
  for (size_t i = 0; i < checks.size(); ++i) {
    running.emplace_back([&, i] {
      const config::Check& c = checks[i];
      std::unique_ptr<sys::HttpClient> http = context.sys.http.Fork();
      if (c.kind == "http") {
        results[i] = HttpCheck(c, *http, context.sys.env, context.sys.fs, context.sys.clock);
      } else if (c.kind == "smtp") {
        results[i] = context.sys.smtp ? SmtpCheck(c, *context.sys.smtp, context.sys.clock)
                                      : ResultFor(c, "no SMTP client here");
      } else if (c.kind == "tcp") {
        results[i] = context.sys.tcp ? TcpCheck(c, *context.sys.tcp, context.sys.clock)
                                     : ResultFor(c, "no TCP client here");
      } else if (c.kind == "squad-version") {
        results[i] = SquadVersionCheck(c, context.expected_version, *http, context.sys.clock);
      } else if (!context.session) {
        results[i] = ResultFor(c, context.unreachable.empty() ? "no cluster to check in" : context.unreachable);
      } else if (c.kind == "job") {
        kube::Session& s = *context.session;
        kube::Client client(s.target, *http, *s.credentials, context.sys.clock);
        auto job = context.jobs.find(c.name);
        results[i] = job == context.jobs.end()
                         ? ResultFor(c, "its Job manifest was not rendered")
                         : JobCheck(c, job->second, client, s.namespace_, context.sys.clock, context.job_options);
      } else if (c.kind == "workloads") {
        kube::Session& s = *context.session;
        kube::Client client(s.target, *http, *s.credentials, context.sys.clock);
        results[i] = WorkloadsCheck(c, client, s.namespace_, context.environment, context.squad_image,
                                    context.expected_version, context.sys.clock);
      } else {
        results[i] = ResultFor(c, "no such check kind: " + c.kind);
      }
    });
  }
  for (std::thread& t : running) t.join();
  return results;
}

}  // namespace qareports::checks
