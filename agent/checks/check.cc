#include "checks/check.h"

#include <thread>

#include "checks/http_check.h"
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

bool Supported(const std::string& kind) {
  return kind == "http" || kind == "squad-version" || kind == "workloads" || kind == "smtp" || kind == "tcp";
}

std::vector<CheckResult> RunAll(const std::vector<config::Check>& checks, Context& context) {
  std::vector<CheckResult> results(checks.size());
  std::vector<std::thread> running;
  for (size_t i = 0; i < checks.size(); ++i) {
    const config::Check& check = checks[i];
    if (!Supported(check.kind)) {
      results[i] = CheckResult{check.name, check.kind, false, true, "the " + check.kind + " check is not available yet", 0};
      continue;
    }
    running.emplace_back([&, i] {
      const config::Check& c = checks[i];
      std::unique_ptr<sys::HttpClient> http = context.sys.http.Fork();
      if (c.kind == "http") {
        results[i] = HttpCheck(c, *http, context.sys.env, context.sys.clock);
      } else if (c.kind == "smtp") {
        results[i] = context.sys.smtp ? SmtpCheck(c, *context.sys.smtp, context.sys.clock)
                                      : CheckResult{c.name, c.kind, false, false, "no SMTP client here", 0};
      } else if (c.kind == "tcp") {
        results[i] = context.sys.tcp ? TcpCheck(c, *context.sys.tcp, context.sys.clock)
                                     : CheckResult{c.name, c.kind, false, false, "no TCP client here", 0};
      } else if (c.kind == "squad-version") {
        results[i] = SquadVersionCheck(c, context.expected_version, *http, context.sys.clock);
      } else if (!context.session) {
        results[i] = CheckResult{c.name, c.kind, false, false, "no cluster to read the workloads from", 0};
      } else {
        kube::Session& s = *context.session;
        kube::Client client(s.target, *http, *s.credentials, context.sys.clock);
        results[i] = WorkloadsCheck(c, client, s.namespace_, context.environment, context.squad_image,
                                    context.expected_version, context.sys.clock);
      }
    });
  }
  for (std::thread& t : running) t.join();
  return results;
}

}  // namespace qareports::checks
