#include "commands/apply.h"

#include <spdlog/spdlog.h>

#include "deploy/job_identity.h"
#include "gate/decide.h"
#include "manifest/renderer.h"
#include "util/strings.h"
#include "util/time_format.h"
#include "version/version.h"

namespace qareports::commands {

Result<Outcome> Apply::Run(report::Report& report) { return RunDeploy(deps_, *this, report); }

qareports::Status Apply::Validate() {
  config::Config config = deps_.config;
  if (options_.version) {  // given, if only as "": never the pin in its place
    if (!version::Parse(*options_.version).ok()) {
      return Error::InvalidInput("\"" + *options_.version + "\" is not a SQUAD version", "", "VERSION");
    }
    config.squad_version = *options_.version;
  }
  Result<std::map<std::string, std::string>> values = manifest::Values(config, deps_.env, deps_.sys.fs);
  if (!values.ok()) return values.error();
  rendered_.version = (*values)["squad_version"];
  Result<manifest::Rendered> rendered = manifest::Render(config, deps_.env, deps_.sys.fs, deps_.sys.env, true);
  if (!rendered.ok()) return rendered.error();
  for (manifest::SourcedObject& o : rendered->objects) rendered_.objects.push_back(std::move(o.object));
  if (deps_.env.migration_job.empty()) return Ok();
  Result<manifest::Rendered> job =
      manifest::RenderPaths({deps_.env.migration_job}, config, deps_.env, deps_.sys.fs, deps_.sys.env, true);
  if (!job.ok()) return job.error();
  if (job->objects.size() != 1 || job->objects[0].object.value("kind", "") != "Job") {
    return Error::InvalidInput("must hold exactly one Job", deps_.env.migration_job, "migration");
  }
  rendered_.migration_job = std::move(job->objects[0].object);
  return Ok();
}

std::vector<const config::Check*> Apply::GateChecks() const {
  std::vector<const config::Check*> checks;
  if (options_.skip_gate) return checks;
  for (const gate::GateCheck& g : gate::GateChecks(deps_.config, deps_.env)) checks.push_back(g.check);
  return checks;
}

Result<std::string> Apply::Gate(report::Report& report) {
  if (!deps_.env.gate) return std::string();
  if (options_.skip_gate) {
    std::string who = deploy::JobIdentity(deps_.sys.env);
    spdlog::warn("{}: !!! THE GATE OF {} IS SKIPPED (--skip-gate, by {}): nothing has proven SQUAD {} on {} !!!",
                 deps_.env.name, deps_.env.name, who, rendered_.version, deps_.env.gate->from);
    report::TestCase c = report::Case("gate", deps_.env.name, "gate skipped");
    c.status = report::TestCase::Status::kSkipped;
    c.message = "--skip-gate: the gate of " + deps_.env.name + " was not run (by " + who + ")";
    report.Suite("gate", util::Iso8601(deps_.sys.clock.Now())).cases.push_back(c);
    return std::string("skipped (--skip-gate)");
  }
  Result<gate::Verdict> verdict =
      gate::Decide({deps_.sys, deps_.config, deps_.env, deps_.clusters}, rendered_.version, "", report);
  if (!verdict.ok()) return verdict.error();
  if (!verdict->open) {
    return Error::Failed("the gate of " + deps_.env.name + " is closed, nothing was changed: " +
                         util::Join(verdict->reasons, "; "));
  }
  spdlog::info("{}: gate open", deps_.env.name);
  return std::string("open");
}

Result<deploy::Target> Apply::Choose(const std::vector<release::Release>&, report::Report&) {
  return std::move(rendered_);
}

Result<Outcome> RunDeploy(const Deps& deps, deploy::Action& action, report::Report& report) {
  double start = deps.sys.clock.Elapsed();
  deploy::Engine engine({deps.sys, deps.config, deps.env, deps.cluster(), deps.global.timeout});
  Result<deploy::Deployed> d = engine.Run(action, report);
  if (!d.ok()) return d.error();
  if (deps.global.output != "json") {
    deps.out << deps.env.name << ": release " << d->release << " (SQUAD " << d->version << ") deployed; "
             << d->workloads.size() << " workloads rolled out in " << fmt::format("{:.1f}", d->rollout_seconds)
             << " s\n";
  }
  Outcome outcome;
  outcome.data = {{"environment", deps.env.name}, {"release", d->release},     {"version", d->version},
                  {"state", "deployed"},          {"previous_release", d->previous}, {"migrations", d->migrations}, {"workloads", d->workloads},
                  {"migrations_kept", d->kept_migrations}, {"gate", d->gate},
                  {"seconds", deps.sys.clock.Elapsed() - start}};
  return outcome;
}

}  // namespace qareports::commands
