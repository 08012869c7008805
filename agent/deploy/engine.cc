#include "deploy/engine.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "checks/check.h"
#include "checks/job_check.h"
#include "checks/record.h"
#include "deploy/fargate.h"
#include "deploy/job_identity.h"
#include "deploy/objects.h"
#include "registry/image_check.h"
#include "sys/stop.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::deploy {
namespace {

std::string Title(int release, const std::string& version) {
  return "release " + std::to_string(release) + " (SQUAD " + version + ")";
}

}  // namespace

Error Stopped(const std::string& during) {
  return Error::Failed("stopped while " + during + ": " + sys::StopReason());
}

std::string Engine::Now() const { return util::Iso8601(deps_.sys.clock.Now()); }

Result<Deployed> Engine::Run(Action& action, report::Report& report) {
  if (Status valid = Validate(action, report); !valid.ok()) return valid.error();
  Result<std::string> gate = action.Gate(report);
  if (!gate.ok()) return gate.error();
  if (sys::StopRequested()) return Error::Failed("stopped before any change (" + sys::StopReason() + "); nothing was changed");
  if (Status ns = deps_.cluster.EnsureNamespace(); !ns.ok()) return ns.error();
  Result<std::unique_ptr<HeldLock>> lock = TakeLock(report);
  if (!lock.ok()) return lock.error();
  return Unlock(**lock, Locked(action, *gate, report));
}

Status Engine::Validate(Action& action, report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  report::TestSuite& suite = report.Suite("validate", Now());
  report::TestCase checked = report::Case("validate", deps_.env.name, "config, manifests and secrets");
  Status valid = action.Validate();
  std::vector<const config::Check*> all = action.GateChecks();
  for (const config::Check& c : deps_.env.checks) all.push_back(&c);
  if (valid.ok()) valid = checks::RequireTokens(all, deps_.sys.env, deps_.config.path, deps_.env.name);
  if (valid.ok()) {
    Result<std::map<std::string, nlohmann::json>> jobs =
        checks::RenderJobs(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env);
    if (jobs.ok()) check_jobs_ = std::move(jobs.value());
    else valid = jobs.error();
  }
  rollout_timeout_ = deps_.timeout.value_or(static_cast<double>(deps_.env.rollout_timeout_seconds));
  view_.unschedulable_grace = static_cast<double>(deps_.env.unschedulable_grace_seconds);
  if (valid.ok() && !deps_.env.cluster_file.empty()) {
    std::string path = (std::filesystem::path(deps_.config.root) / deps_.env.cluster_file).string();
    Result<std::set<std::string>> fargate = FargateNamespaces(path, deps_.env.cluster_file, deps_.sys.fs);
    if (fargate.ok()) view_.schedulable_namespace = fargate->count(deps_.env.namespace_) > 0;
    else valid = fargate.error();
  }
  checked.seconds = deps_.sys.clock.Elapsed() - start;
  if (!valid.ok()) report::Fail(checked, "InvalidInput", valid.error().ToString());
  suite.cases.push_back(checked);
  return valid;
}

Result<std::unique_ptr<HeldLock>> Engine::TakeLock(report::Report& report) {
  report::TestSuite& suite = report.Suite("lock", Now());
  report::TestCase c = report::Case("lock", deps_.env.name, "deploy lock");
  std::string holder = JobIdentity(deps_.sys.env);
  spdlog::info("{}: taking the deploy lock", deps_.env.name);
  Result<std::unique_ptr<HeldLock>> lock = deps_.cluster.Lock(holder);
  if (!lock.ok() && lock.error().kind == ErrorKind::kLockHeld) {
    lock = Error::LockHeld(lock.error().message + "; if that job is gone, `qareports " + deps_.env.name +
                           " unlock` clears it");
  } else if (!lock.ok()) {
    lock = Error{lock.error().kind, "taking the deploy lock: " + lock.error().message, {}, {}};
  }
  if (!lock.ok()) {
    report::Fail(c, lock.error().kind == ErrorKind::kLockHeld ? "LockHeld" : "Unavailable", lock.error().message);
  } else {
    c.output = "held by " + holder + "\n";
    spdlog::info("{}: deploy lock taken ({})", deps_.env.name, holder);
  }
  suite.cases.push_back(c);
  return lock;
}

Result<Deployed> Engine::Unlock(HeldLock& lock, Result<Deployed> outcome) {
  if (std::optional<std::string> lost = lock.Lost(); lost && outcome.ok()) {
    outcome = Error::Unsafe(*lost + " while deploying");
  }
  sys::FinalCleanup();  // a stopped job's last seconds are for this
  Status released = lock.Release();
  if (released.ok()) {
    spdlog::info("{}: deploy lock released", deps_.env.name);
    return outcome;
  }
  std::string what = "the deploy lock could not be released (" + released.error().message + "): it expires " +
                     std::to_string(kDeployLockSeconds) + " s after its last renewal, or `qareports " +
                     deps_.env.name + " unlock` clears it";
  spdlog::error("{}: {}", deps_.env.name, what);
  if (outcome.ok()) return Error::Failed(Title(outcome->release, outcome->version) + " is deployed, but " + what);
  return outcome;
}

Result<Deployed> Engine::Locked(Action& action, const std::string& gate, report::Report& report) {
  Result<release::Store*> store = deps_.cluster.Releases();
  if (!store.ok()) return store.error();
  store_ = *store;
  // Under the lock, a record still pending is a dead job's: settle it first.
  std::vector<std::string> settled;
  std::vector<std::string> unsettled = store_->Settle(0, &settled);
  settled.insert(settled.end(), unsettled.begin(), unsettled.end());
  if (!settled.empty()) {
    report::TestCase c = report::Case("lock", deps_.env.name, "earlier releases");
    for (const std::string& line : settled) spdlog::warn("{}: {}", deps_.env.name, line), c.output += line + "\n";
    report.Suite("lock", Now()).cases.push_back(c);
  }
  Result<std::vector<release::Release>> releases = store_->List();
  if (!releases.ok()) return releases.error();
  Change change;
  change.good = release::LastGoodOf(*releases);
  Result<Target> target = action.Choose(*releases, report);
  if (!target.ok()) return target.error();
  releases->clear();
  bool new_image = !target->image_ran_before && (!change.good || change.good->version != target->version);
  if (new_image) {
    if (Status found = CheckImage(target->version, report); !found.ok()) return found.error();
  }
  if (sys::StopRequested()) return Error::Failed("stopped before any change (" + sys::StopReason() + "); nothing was changed");

  Result<int> number = RecordPending(*target, gate);
  if (!number.ok()) {
    // A create cut short (a stop, a lost answer) may still have been made:
    // under the lock, any record left pending now is this job's, and failed.
    std::vector<std::string> settled;
    for (const std::string& problem : store_->Settle(0, &settled)) spdlog::warn("{}: {}", deps_.env.name, problem);
    for (const std::string& line : settled) spdlog::warn("{}: {} (its creation was cut short)", deps_.env.name, line);
    return number.error();
  }
  change.release = *number;
  change.title = Title(*number, target->version);
  spdlog::info("{}: recorded {} as pending", deps_.env.name, change.title);
  // From here on the cluster changes: any failure returns to the last good release.
  if (new_image && target->migration_job) {
    if (Status migrated = Migrate(change, *target, report); !migrated.ok()) {
      return Restore(change, migrated.error().message, report);
    }
  }
  rollout::TrackResult tracked;
  std::map<std::string, std::string> changes =
      ChangesSince(change.good ? change.good->manifests : nlohmann::json(), target->objects);
  Status converged =
      Converge({target->objects, target->version, change.title, "", false, &changes}, report, &tracked);
  if (!converged.ok()) return Restore(change, converged.error().message, report);
  Result<Deployed> deployed = RecordDeployed(change, *target, tracked);
  if (deployed.ok()) deployed->gate = gate;
  return deployed;
}

Status Engine::CheckImage(const std::string& version, report::Report& report) {
  std::string image = deps_.config.squad_image + ":" + version;
  report::TestSuite& suite = report.Suite("image", Now());
  report::TestCase c = report::Case("image", deps_.env.name, image);
  double start = deps_.sys.clock.Elapsed();
  Status found = Ok();
  Result<registry::ImageRef> ref = registry::ParseImage(image);
  if (!ref.ok()) found = ref.error();
  else {
    registry::Credentials credentials{deps_.sys.env.Get("QAREPORTS_REGISTRY_USERNAME").value_or(""),
                                      deps_.sys.env.Get("QAREPORTS_REGISTRY_PASSWORD").value_or("")};
    found = registry::CheckImage(*ref, credentials, deps_.sys.http);
  }
  c.seconds = deps_.sys.clock.Elapsed() - start;
  if (!found.ok()) {
    report::Fail(c, found.error().kind == ErrorKind::kFailed ? "ImageMissing" : "RegistryUnavailable",
                 found.error().message);
  } else {
    spdlog::info("{}: image {} exists", deps_.env.name, image);
  }
  suite.cases.push_back(c);
  return found;  // a missing image says nothing was changed
}

Result<int> Engine::RecordPending(const Target& target, const std::string& gate) {
  release::Release record;
  record.state = release::State::kPending;
  record.version = target.version;
  record.commit = DeployedCommit(deps_.sys.env, deps_.config.root);
  record.time = Now();
  record.job = JobIdentity(deps_.sys.env);
  record.manifests = target.objects;
  record.gate = gate;
  return store_->Create(std::move(record));
}

Status Engine::Migrate(Change& change, const Target& target, report::Report& report) {
  // The configuration goes first, for the migration Job to use.
  nlohmann::json config = nlohmann::json::array();
  static const std::set<std::string> kinds = {"Namespace", "ServiceAccount", "ConfigMap", "Secret"};
  for (const nlohmann::json& o : target.objects) {
    if (kinds.count(o.value("kind", ""))) config.push_back(o);
  }
  if (Status applied = ApplyAndPrune(config, false, "configure", report); !applied.ok()) {
    return Error::Failed("applying the configuration of " + change.title + " failed: " + applied.error().message);
  }
  report::TestSuite& suite = report.Suite("migrate", Now());
  spdlog::info("{}: running the migration Job", deps_.env.name);
  MigrationOptions options{static_cast<double>(deps_.env.migration_timeout_seconds), view_.unschedulable_grace,
                           view_.schedulable_namespace};
  Result<MigrationResult> m = deps_.cluster.Migrate(*target.migration_job, "r" + std::to_string(change.release), options);
  if (!m.ok()) return Error::Failed("the migration Job could not run: " + m.error().message);
  change.migrations = m->applied;
  if (Status noted = store_->SetMigrations(change.release, change.migrations); !noted.ok()) {
    spdlog::warn("{}: could not record the migrations {} applied ({}): a later rollback will not name them",
                 deps_.env.name, change.title, noted.error().message);
  }
  report::TestCase c = report::Case("migrate", deps_.env.name, m->job, m->seconds);
  c.output = m->log;
  Status result = Ok();
  if (!m->ok()) {
    std::string message = "the migration Job " + m->job + " " + m->Verdict();
    report::Fail(c, "MigrationFailed", message, "events:\n" + m->events + "\nlast 50 log lines:\n" + m->log);
    spdlog::error("{}: {}; its last log lines:\n{}", deps_.env.name, message, m->log);
    result = Error::Failed(message + " (the Job was deleted; no workload was changed)");
  } else {
    spdlog::info("{}: migration done in {:.1f} s ({} applied)", deps_.env.name, m->seconds, change.migrations.size());
  }
  suite.cases.push_back(c);
  return result;
}

Result<Deployed> Engine::RecordDeployed(const Change& change, const Target& target,
                                        const rollout::TrackResult& tracked) {
  Result<std::vector<std::string>> marked = store_->MarkDeployed(change.release, Now());
  if (!marked.ok()) {  // the API's own retries were spent: once more
    deps_.sys.clock.Pause(1);
    marked = store_->MarkDeployed(change.release, Now());
  }
  if (!marked.ok()) {
    return Error::Unsafe(change.title + " runs and was verified, but its record could not be marked deployed (" +
                         marked.error().message + "): it still says pending, and a rollback would not count it; "
                         "a human must look (`qareports " + deps_.env.name + " status`)");
  }
  for (const std::string& problem : *marked) spdlog::warn("{}: {}", deps_.env.name, problem);
  spdlog::info("{}: {} deployed", deps_.env.name, change.title);
  Deployed d;
  d.release = change.release;
  d.version = target.version;
  d.previous = change.good ? change.good->number : 0;
  d.migrations = change.migrations;
  d.kept_migrations = target.kept_migrations;
  d.workloads = tracked.lines;
  d.rollout_seconds = tracked.seconds;
  return d;
}

void Engine::MarkFailed(int release) {
  Status marked = store_->SetState(release, release::State::kFailed);
  if (!marked.ok()) {  // the API's own retries were spent: once more, then say so
    deps_.sys.clock.Pause(1);
    marked = store_->SetState(release, release::State::kFailed);
  }
  if (!marked.ok()) {
    spdlog::error("{}: release {} could not be marked failed ({}): it says pending until the next deploy",
                  deps_.env.name, release, marked.error().message);
  }
}

}  // namespace qareports::deploy
