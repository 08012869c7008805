#include "checks/job_check.h"

#include <random>

#include "manifest/renderer.h"
#include "util/strings.h"

namespace qareports::checks {
namespace {

// Unique enough that two pipelines checking at once do not collide.
std::string Suffix() {
  static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::random_device random;
  std::string s = "check-";
  for (int i = 0; i < 6; ++i) s += digits[random() % 36];
  return s;
}

}  // namespace

Result<std::map<std::string, nlohmann::json>> RenderJobs(const config::Config& config, const config::Environment& env,
                                                         const sys::FileSystem& fs, const sys::Environment& vars) {
  std::map<std::string, nlohmann::json> jobs;
  for (size_t i = 0; i < env.checks.size(); ++i) {
    const config::Check& c = env.checks[i];
    if (c.kind != "job") continue;
    std::string manifest = Param(c, "manifest");
    Result<manifest::Rendered> rendered = manifest::RenderPaths({manifest}, config, env, fs, vars, true);
    if (!rendered.ok()) return rendered.error();
    if (rendered->objects.size() != 1 || rendered->objects[0].object.value("kind", "") != "Job") {
      return Error::InvalidInput("must hold exactly one Job (check " + c.name + ")", manifest,
                                 "environments." + env.name + ".checks[" + std::to_string(i) + "].manifest");
    }
    jobs[c.name] = std::move(rendered->objects[0].object);
  }
  return jobs;
}

CheckResult JobCheck(const config::Check& check, const nlohmann::json& job, kube::Client& client, const std::string& ns,
                     const sys::Clock& clock, jobs::JobOptions options) {
  CheckResult r = ResultFor(check);
  double start = clock.Elapsed();
  options.timeout_seconds = Seconds(check, "timeout", 300);
  Result<jobs::JobRun> run = jobs::RunJob(client, ns, job, Suffix(), clock, options);
  r.seconds = clock.Elapsed() - start;
  if (!run.ok()) {
    r.message = "the Job could not run: " + run.error().message;
    return r;
  }
  r.passed = run->ok();
  std::vector<std::string> lines = util::Split(util::Trim(run->log), '\n');
  std::string last = lines.empty() ? "" : ": " + lines.back();
  r.message = "Job " + run->job + " " + run->Verdict() + last;
  r.output = run->log + (run->events.empty() ? "" : "\nevents:\n" + run->events);
  return r;
}

}  // namespace qareports::checks
