#include "commands/destroy.h"

#include <spdlog/spdlog.h>

#include <optional>

#include "commands/infrastructure.h"
#include "deploy/job_identity.h"
#include "sys/stop.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {

Result<Outcome> Destroy::Run(report::Report& report) {
  const std::string& name = deps_.env.name;
  if (!options_.yes) {
    return Error::Usage("destroy deletes every object of " + name +
                        " and its Terraform layer, data included: give --yes to mean it");
  }
  if (name == "production" && !options_.yes_destroy_production) {
    return Error::Usage("destroying production also needs --yes-destroy-production");
  }
  Result<std::vector<terraform::Layer>> layers = TerraformLayers(deps_);
  if (!layers.ok()) return layers.error();
  terraform::Driver driver(deps_.sys.runner, TerraformSettings(deps_));
  if (!layers->empty()) {
    Result<std::string> version = driver.Version();  // 69 before anything is deleted
    if (!version.ok()) return version.error();
  }
  report::TestSuite& suite = report.Suite("destroy", util::Iso8601(deps_.sys.clock.Now()));

  deploy::Cluster& cluster = deps_.cluster();
  Result<std::unique_ptr<deploy::HeldLock>> lock = cluster.Lock(deploy::JobIdentity(deps_.sys.env));
  if (!lock.ok()) return lock.error();
  spdlog::warn("{}: destroying the environment (by {})", name, deploy::JobIdentity(deps_.sys.env));
  auto finish = [&](Result<Outcome> result) -> Result<Outcome> {
    sys::FinalCleanup();
    if (Status released = (*lock)->Release(); !released.ok()) {
      spdlog::warn("{}: the deploy lock could not be released ({}): it expires by itself", name,
                   released.error().message);
    }
    return result;
  };

  // Terraform's destroy plan first: its errors (a held state lock, an
  // unreachable backend) come before anything is deleted.
  std::optional<terraform::LayerPlan> plan;
  if (!layers->empty()) {
    Result<std::vector<terraform::LayerPlan>> plans = PlanLayers(driver, {layers->back()}, /*destroy=*/true);
    if (!plans.ok()) return finish(plans.error());
    plan = std::move(plans->front());
  }

  Outcome outcome;
  outcome.data = {{"environment", name}, {"objects", nlohmann::json::array()}, {"terraform", nlohmann::json::array()}};
  Result<deploy::ApplyResult> pruned = cluster.PruneExcept(nlohmann::json::array());
  if (!pruned.ok()) {
    Error e = pruned.error();
    if (e.kind != ErrorKind::kUnavailable) e.kind = ErrorKind::kUnsafe;  // some objects may be gone
    return finish(e);
  }
  std::vector<std::string> refused;
  for (const deploy::ObjectResult& o : pruned->objects) {
    report::TestCase c = report::Case("destroy", name, o.title);
    if (o.error.empty()) {
      c.output = "deleted\n";
      outcome.data["objects"].push_back(o.title);
    } else {
      report::Fail(c, "Delete", o.error);
      refused.push_back(o.title + ": " + o.error);
    }
    suite.cases.push_back(c);
  }
  spdlog::info("{}: {} Kubernetes objects deleted", name, pruned->objects.size() - refused.size());
  if (!refused.empty()) {
    return finish(Error::Unsafe("the cluster refused to delete " + util::Join(refused, "; ") +
                                ": the environment is partly destroyed; Terraform was not run"));
  }

  if (plan) {
    const terraform::Layer& own = layers->back();
    if (plan->changes) {
      Result<terraform::ApplySummary> applied = driver.Apply(own, *plan);
      if (!applied.ok()) {
        report::TestCase c = report::Case("destroy", name, "terraform " + own.name);
        report::Fail(c, "Terraform", applied.error().message);
        suite.cases.push_back(c);
        // The Kubernetes objects are gone already: the environment is half taken down.
        Error e = applied.error();
        e.kind = ErrorKind::kUnsafe;
        return finish(e);
      }
    }
    for (const terraform::ResourceChange& r : plan->view.resources) {
      if (r.action != terraform::Action::kDelete) continue;
      report::TestCase c = report::Case("destroy", name, "terraform " + own.name + ": " + r.address);
      c.output = "destroyed\n";
      suite.cases.push_back(c);
      outcome.data["terraform"].push_back(r.address);
    }
    spdlog::info("{}: terraform {}: {} resources destroyed", name, own.name, outcome.data["terraform"].size());
  }
  if (deps_.global.output != "json") {
    deps_.out << name << " destroyed: " << outcome.data["objects"].size() << " Kubernetes objects, "
              << outcome.data["terraform"].size() << " Terraform resources\n";
  }
  return finish(outcome);
}

}  // namespace qareports::commands
