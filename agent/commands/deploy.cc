#include "commands/deploy.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "checks/job_check.h"
#include "commands/check.h"
#include "commands/gate.h"
#include "commands/unlock.h"
#include "deploy/applier.h"
#include "deploy/diagnostics.h"
#include "deploy/fargate.h"
#include "deploy/job_identity.h"
#include "deploy/lock_keeper.h"
#include "deploy/objects.h"
#include "kube/lease.h"
#include "manifest/renderer.h"
#include "registry/image_check.h"
#include "sys/stop.h"
#include "util/strings.h"
#include "util/time_format.h"
#include "version/version.h"

namespace qareports::commands {
namespace {

constexpr long kLeaseSeconds = 60;
// After a stop request the job has about ten seconds: this much goes to
// verifying the rollback.
constexpr double kVerifyAfterStop = 7;

report::TestCase Case(const std::string& suite, const std::string& env, const std::string& name, double seconds) {
  report::TestCase c;
  c.classname = suite + "." + env;
  c.name = name;
  c.seconds = seconds;
  return c;
}

void Fail(report::TestCase& c, const std::string& type, const std::string& message, const std::string& body = "") {
  c.status = report::TestCase::Status::kFailed;
  c.type = type;
  c.message = message;
  c.body = body;
}

std::string MigrationNote(const std::vector<std::string>& migrations, int release, const std::string& good_version) {
  if (migrations.empty()) return "";
  return " The database keeps the " + std::to_string(migrations.size()) + " migration(s) release " +
         std::to_string(release) + " applied (" + util::Join(migrations, ", ") + "): rolling back code does not roll "
         "back the database" + (good_version.empty() ? std::string(".") : ", so SQUAD " + good_version +
         " now runs on a schema newer than it was built for and must tolerate it.");
}

}  // namespace

std::string Deploy::Timestamp() const { return util::Iso8601(deps_.sys.clock.Now()); }

Result<Deploy::Target> Deploy::Prepare() const {
  config::Config config = deps_.config;
  if (!options_.version.empty()) {
    if (!version::Parse(options_.version).ok()) {
      return Error::InvalidInput("\"" + options_.version + "\" is not a SQUAD version", "", "VERSION");
    }
    config.squad_version = options_.version;
  }
  Target target;
  Result<std::map<std::string, std::string>> values = manifest::Values(config, deps_.env, deps_.sys.fs);
  if (!values.ok()) return values.error();
  target.version = (*values)["squad_version"];
  // The checks' tokens are input too: missing ones stop the job before any change.
  std::vector<const config::Check*> all;
  for (const config::Check& c : deps_.env.checks) all.push_back(&c);
  if (options_.mode != Mode::kRollback && !options_.skip_gate) {
    for (const GateCheck& g : GateChecks(deps_.config, deps_.env)) all.push_back(g.check);
  }
  std::set<std::string> unset_seen;
  std::vector<std::string> unset;
  for (const config::Check* check : all) {
    const config::Check& c = *check;
    auto token = c.params.find("token_env");
    if (token != c.params.end() && deps_.sys.env.Get(token->second).value_or("").empty() &&
        unset_seen.insert(token->second).second) {
      unset.push_back(token->second + " (check " + c.name + ")");
    }
  }
  if (!unset.empty()) {
    return Error::InvalidInput("unset CI variables the health checks need: " + util::Join(unset, ", "),
                               deps_.config.path, "environments." + deps_.env.name + ".checks");
  }
  Result<std::map<std::string, nlohmann::json>> jobs =
      checks::RenderJobs(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env);
  if (!jobs.ok()) return jobs.error();
  target.check_jobs = std::move(jobs.value());
  if (options_.mode == Mode::kRollback) return target;  // the release record holds the rest
  Result<manifest::Rendered> rendered = manifest::Render(config, deps_.env, deps_.sys.fs, deps_.sys.env, true);
  if (!rendered.ok()) return rendered.error();
  for (manifest::SourcedObject& o : rendered->objects) target.objects.push_back(std::move(o.object));
  if (!deps_.env.migration_job.empty()) {
    Result<manifest::Rendered> job =
        manifest::RenderPaths({deps_.env.migration_job}, config, deps_.env, deps_.sys.fs, deps_.sys.env, true);
    if (!job.ok()) return job.error();
    if (job->objects.size() != 1 || job->objects[0].object.value("kind", "") != "Job") {
      return Error::InvalidInput("must hold exactly one Job", deps_.env.migration_job, "migration");
    }
    target.migration_job = std::move(job->objects[0].object);
  }
  target.workloads = deploy::Workloads(target.objects, deps_.env.namespace_);
  return target;
}

Result<Outcome> Deploy::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  report::TestSuite& validate = report.Suite("validate", Timestamp());
  report::TestCase checked = Case("validate", deps_.env.name, "config, manifests and secrets", 0);
  Result<Target> target = Prepare();
  if (!target.ok()) {
    Fail(checked, "InvalidInput", target.error().ToString());
    validate.cases.push_back(checked);
    return target.error();
  }
  rollout_timeout_ = static_cast<double>(deps_.env.rollout_timeout_seconds);
  if (!deps_.global.timeout.empty()) {
    std::optional<long> t = util::ParseDuration(deps_.global.timeout);
    if (!t) return Error::Usage("--timeout: \"" + deps_.global.timeout + "\" is not a duration (90s, 10m, 1h)");
    rollout_timeout_ = static_cast<double>(*t);
  }
  view_.unschedulable_grace = static_cast<double>(deps_.env.unschedulable_grace_seconds);
  if (!deps_.env.cluster_file.empty()) {
    std::string path = (std::filesystem::path(deps_.config.root) / deps_.env.cluster_file).string();
    Result<std::set<std::string>> fargate = deploy::FargateNamespaces(path, deps_.env.cluster_file, deps_.sys.fs);
    if (!fargate.ok()) return fargate.error();
    view_.schedulable_namespace = fargate->count(deps_.env.namespace_) > 0;
  }
  checked.seconds = deps_.sys.clock.Elapsed() - start;
  validate.cases.push_back(checked);

  if (options_.mode != Mode::kRollback && deps_.env.gate) {
    if (options_.skip_gate) {
      gate_ = "skipped (--skip-gate)";
      std::string who = deploy::JobIdentity(deps_.sys.env);
      spdlog::warn("{}: !!! THE GATE OF {} IS SKIPPED (--skip-gate, by {}): nothing has proven SQUAD {} on {} !!!",
                   deps_.env.name, deps_.env.name, who, target->version, deps_.env.gate->from);
      report::TestCase c = Case("gate", deps_.env.name, "gate skipped", 0);
      c.status = report::TestCase::Status::kSkipped;
      c.message = "--skip-gate: the gate of " + deps_.env.name + " was not run (by " + who + ")";
      report.Suite("gate", Timestamp()).cases.push_back(c);
    } else {
      Result<GateVerdict> verdict = EvaluateGate(deps_, target->version, "", report);
      if (!verdict.ok()) return verdict.error();
      if (!verdict->open) {
        return Error::Failed("the gate of " + deps_.env.name + " is closed, nothing was changed: " +
                             util::Join(verdict->reasons, "; "));
      }
      gate_ = "open";
      spdlog::info("{}: gate open", deps_.env.name);
    }
  }

  Result<std::unique_ptr<kube::Session>> session =
      kube::Session::Open({KubeconfigPath(deps_), KubeContext(deps_)}, deps_.env.namespace_, deps_.sys);
  if (!session.ok()) return session.error();
  kube::Session& s = **session;

  // The lock lives in the environment's namespace: make sure there is one
  // (created bare; the apply then gives it its labels).
  Result<kube::ApiResult> ns = s.client->Call(kube::Get("/api/v1/namespaces/" + deps_.env.namespace_));
  if (!ns.ok()) return ns.error();
  if (ns->status == 404) {
    kube::ApiCall create;
    create.method = "POST";
    create.path = "/api/v1/namespaces?fieldManager=qareports";
    create.body = nlohmann::json{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                 {"metadata", {{"name", deps_.env.namespace_}}}}.dump();
    Result<kube::ApiResult> made = s.client->Call(create);
    if (!made.ok()) return made.error();
    if (!made->ok() && made->status != 409) {
      return Error::Unavailable("cannot create namespace " + deps_.env.namespace_ + ": " + made->Message());
    }
  } else if (!ns->ok()) {
    return Error::Unavailable("cannot read namespace " + deps_.env.namespace_ + ": " + ns->Message());
  }

  report::TestSuite& locking = report.Suite("lock", Timestamp());
  report::TestCase locked = Case("lock", deps_.env.name, "deploy lock", 0);
  std::string holder = deploy::JobIdentity(deps_.sys.env);
  kube::DeployLock lock(*s.client, deps_.sys.clock, deps_.env.namespace_, kDeployLockName, holder, kLeaseSeconds);
  if (Status taken = lock.Acquire(); !taken.ok()) {
    Fail(locked, taken.error().kind == ErrorKind::kLockHeld ? "LockHeld" : "Unavailable", taken.error().message);
    locking.cases.push_back(locked);
    return taken.error();
  }
  locked.output = "held by " + holder + "\n";
  locking.cases.push_back(locked);
  spdlog::info("{}: deploy lock taken ({})", deps_.env.name, holder);
  Result<Outcome> outcome = Error::Failed("not run");
  {
    deploy::LockKeeper keeper(s, deps_.sys.http, deps_.sys.clock, kDeployLockName, holder, kLeaseSeconds);
    outcome = Locked(s, std::move(target.value()), report);
    keeper.Stop();
    if (keeper.lost() && outcome.ok()) outcome = Error::Unsafe(keeper.lost_reason() + " while deploying");
  }
  if (Status released = lock.Release(); !released.ok()) {
    spdlog::warn("{}: could not release the deploy lock: {}", deps_.env.name, released.error().message);
  } else {
    spdlog::info("{}: deploy lock released", deps_.env.name);
  }
  if (outcome.ok()) outcome->data["seconds"] = deps_.sys.clock.Elapsed() - start;
  return outcome;
}

Result<Deploy::Target> Deploy::RollbackTarget(const std::vector<release::Release>& releases) const {
  const release::Release* chosen = nullptr;
  if (options_.release > 0) {
    for (const release::Release& r : releases) {
      if (r.number == options_.release) chosen = &r;
    }
    if (!chosen) return Error::Failed("release " + std::to_string(options_.release) + " of " + deps_.env.name +
                                      " is not recorded (see `status`)");
  } else {
    bool past_current = false;  // the newest deployed release is the current one
    for (const release::Release& r : releases) {
      if (r.state != release::State::kDeployed && r.state != release::State::kSuperseded) continue;
      if (past_current) {
        chosen = &r;
        break;
      }
      past_current = r.state == release::State::kDeployed;
    }
    if (!chosen) return Error::Failed("no earlier good release of " + deps_.env.name + " to roll back to");
  }
  if (!chosen->manifests.is_array() || chosen->manifests.empty()) {
    return Error::Failed("release " + std::to_string(chosen->number) + " holds no manifests");
  }
  Target t;
  for (const release::Release& r : releases) {
    if (r.number > chosen->number) t.kept_migrations.insert(t.kept_migrations.end(), r.migrations.begin(), r.migrations.end());
  }
  t.objects = chosen->manifests;
  t.version = chosen->version;
  t.workloads = deploy::Workloads(t.objects, deps_.env.namespace_);
  return t;
}

Result<rollout::TrackResult> Deploy::Roll(kube::Session& session, const std::vector<std::string>& workloads,
                                          double timeout, bool stoppable, const std::string& suite_name,
                                          report::Report& report) {
  rollout::TrackOptions track;
  track.namespace_ = deps_.env.namespace_;
  track.workloads = workloads;
  track.timeout_seconds = timeout;
  track.view = view_;
  track.stoppable = stoppable;
  report::TestSuite& suite = report.Suite(suite_name, Timestamp());
  // One line per change in CI logs; on a terminal, one live line instead.
  std::map<std::string, std::string> latest;
  auto on_line = [&](const std::string& line) {
    if (!deps_.sys.live) return spdlog::info("{}: {}", deps_.env.name, line);
    size_t colon = line.find(": ");
    std::string progress = line.substr(colon + 2);
    const std::string done = " — rolled out";
    if (progress.size() > done.size() && progress.compare(progress.size() - done.size(), done.size(), done) == 0) {
      progress = "rolled out";
    }
    latest[line.substr(0, colon)] = progress;
    std::string shown;
    for (const auto& [w, p] : latest) shown += (shown.empty() ? "" : " | ") + w + " " + p;
    *deps_.sys.live << "\r\033[K" << deps_.env.name << ": " << shown << std::flush;
  };
  Result<rollout::TrackResult> tracked = rollout::Track(*session.client, deps_.sys.clock, track, on_line);
  if (deps_.sys.live && !latest.empty()) *deps_.sys.live << "\n";
  if (!tracked.ok()) return tracked;
  for (size_t i = 0; i < workloads.size(); ++i) {
    report::TestCase c = Case(suite_name, deps_.env.name, workloads[i], tracked->seconds);
    c.output = i < tracked->lines.size() ? tracked->lines[i] + "\n" : "";
    const std::optional<rollout::Failure>& f = tracked->failure;
    if (f && f->workload == workloads[i]) {
      std::string body = (f->pod.empty() ? "" : "pod " + f->pod + ": ") + f->reason + ": " + f->message + "\n";
      if (!f->pod.empty()) {
        body += "\nrecent events:\n" + deploy::EventsOf(*session.client, deps_.env.namespace_, "Pod", f->pod);
        body += "\nlast 50 log lines:\n" + deploy::LogTail(*session.client, deps_.env.namespace_, f->pod, f->container);
      } else {
        body += "\nrecent events:\n" + deploy::EventsOf(*session.client, deps_.env.namespace_, "Deployment", f->workload);
      }
      Fail(c, f->reason, workloads[i] + ": " + f->reason + (f->pod.empty() ? "" : " (pod " + f->pod + ")"), body);
    } else if (tracked->outcome == rollout::TrackResult::Outcome::kTimedOut && i < tracked->lines.size() &&
               tracked->lines[i].find("rolled out") == std::string::npos) {
      Fail(c, "Timeout", workloads[i] + ": not rolled out after " + std::to_string(static_cast<long>(timeout)) + " s");
    } else if (tracked->outcome == rollout::TrackResult::Outcome::kStopped) {
      c.status = report::TestCase::Status::kSkipped;
      c.message = "the job was asked to stop";
    }
    suite.cases.push_back(c);
  }
  return tracked;
}

Error Deploy::Restore(kube::Session& session, release::Store& store, int failed,
                      const std::optional<release::Release>& good, const std::string& cause,
                      const std::vector<std::string>& migrations, report::Report& report) {
  spdlog::error("{}: {}", deps_.env.name, cause);
  Status marked = store.SetState(failed, release::State::kFailed);
  if (!marked.ok()) {  // the API's own retries were spent: once more, then say so
    deps_.sys.clock.Pause(1);
    marked = store.SetState(failed, release::State::kFailed);
  }
  if (!marked.ok()) {
    spdlog::error("{}: release {} could not be marked failed: {}", deps_.env.name, failed, marked.error().message);
  }
  report::TestSuite& suite = report.Suite("rollback", Timestamp());
  double start = deps_.sys.clock.Elapsed();
  if (!good) {
    // The first release: back to an empty environment (its namespace kept,
    // for the lock and the release records).
    report::TestCase c = Case("rollback", deps_.env.name, "remove release " + std::to_string(failed), 0);
    nlohmann::json keep = nlohmann::json::array(
        {{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", deps_.env.namespace_}}}}});
    Result<deploy::ApplyResult> pruned = deploy::PruneExcept(session, keep, deps_.env.name);
    c.seconds = deps_.sys.clock.Elapsed() - start;
    if (!pruned.ok() || !pruned->ok()) {
      std::string problem = pruned.ok() ? "the cluster refused some deletions" : pruned.error().message;
      Fail(c, "RollbackFailed", "removing release " + std::to_string(failed) + " failed: " + problem);
      suite.cases.push_back(c);
      return Error::Unsafe(cause + "; there was no earlier release, and removing this one failed: " + problem +
                           "; a human must look");
    }
    std::string done = "its " + std::to_string(pruned->objects.size()) + " objects were removed and " +
                       deps_.env.namespace_ + " is empty again." + MigrationNote(migrations, failed, "");
    c.output = done + "\n";
    suite.cases.push_back(c);
    return Error::Failed(cause + "; there was no earlier release: " + done);
  }
  std::string to = "release " + std::to_string(good->number) + " (SQUAD " + good->version + ")";
  spdlog::warn("{}: rolling back to {}", deps_.env.name, to);
  report::TestCase c = Case("rollback", deps_.env.name, "restore " + to, 0);
  Result<deploy::ApplyResult> applied = deploy::ApplyObjects(session, good->manifests);
  Result<deploy::ApplyResult> pruned = applied.ok() && applied->ok()
                                           ? deploy::PruneExcept(session, good->manifests, deps_.env.name)
                                           : Result<deploy::ApplyResult>(Error::Failed("not pruned"));
  std::string problem;
  if (!applied.ok()) problem = applied.error().message;
  else if (!applied->ok() || (pruned.ok() && !pruned->ok())) problem = "the cluster refused some objects";
  else if (!pruned.ok()) problem = pruned.error().message;
  bool stopped = sys::StopRequested();
  if (problem.empty()) {
    std::vector<std::string> workloads = deploy::Workloads(good->manifests, deps_.env.namespace_);
    Result<rollout::TrackResult> verified =
        Roll(session, workloads, stopped ? kVerifyAfterStop : rollout_timeout_, false, "rollback-rollout", report);
    if (!verified.ok()) problem = verified.error().message;
    else if (verified->outcome != rollout::TrackResult::Outcome::kDone) {
      problem = verified->failure ? verified->failure->workload + ": " + verified->failure->reason
                                  : "not rolled out in time";
    }
  }
  c.seconds = deps_.sys.clock.Elapsed() - start;
  if (!problem.empty()) {
    Fail(c, "RollbackFailed", "the rollback to " + to + " failed: " + problem);
    suite.cases.push_back(c);
    return Error::Unsafe(cause + "; the rollback to " + to + " failed: " + problem + "; a human must look");
  }
  std::string note = MigrationNote(migrations, failed, good->version);
  c.output = "rolled back to " + to + ", verified." + note + "\n";
  suite.cases.push_back(c);
  if (!note.empty()) spdlog::warn("{}:{}", deps_.env.name, note);
  spdlog::info("{}: rolled back to {} and verified", deps_.env.name, to);
  return Error::Failed(cause + "; rolled back to " + to + ", verified." + note);
}

Result<Outcome> Deploy::Locked(kube::Session& session, Target target, report::Report& report) {
  release::Store store(*session.client, deps_.env.namespace_, deps_.env.name);
  Result<std::vector<release::Release>> releases = store.List();
  if (!releases.ok()) return releases.error();
  std::optional<release::Release> good;
  for (const release::Release& r : *releases) {
    if (r.state == release::State::kDeployed) {
      good = r;
      break;
    }
  }
  if (options_.mode == Mode::kRollback) {
    Result<Target> back = RollbackTarget(*releases);
    if (!back.ok()) return back.error();
    back->check_jobs = std::move(target.check_jobs);
    target = std::move(back.value());
    if (!target.kept_migrations.empty()) {
      std::string note = fmt::format(
          "the database keeps {} migration(s) applied after SQUAD {} ({}): rolling back code does not roll back the "
          "database; SQUAD {} must tolerate them",
          target.kept_migrations.size(), target.version, util::Join(target.kept_migrations, ", "), target.version);
      spdlog::warn("{}: {}", deps_.env.name, note);
      report::TestCase c = Case("rollback", deps_.env.name, "database migrations kept", 0);
      c.output = note + "\n";
      report.Suite("rollback", Timestamp()).cases.push_back(c);
    }
  } else if (options_.mode == Mode::kUpgrade && good) {
    // Only SQUAD moves: the last good release's objects at the new version.
    target.objects = deploy::WithSquadVersion(good->manifests, deps_.config.squad_image, target.version);
    target.workloads = deploy::Workloads(target.objects, deps_.env.namespace_);
  }
  releases->clear();
  std::string image = deps_.config.squad_image + ":" + target.version;
  bool image_changes = options_.mode != Mode::kRollback && (!good || good->version != target.version);

  if (image_changes) {
    report::TestSuite& suite = report.Suite("image", Timestamp());
    report::TestCase c = Case("image", deps_.env.name, image, 0);
    double t = deps_.sys.clock.Elapsed();
    Result<registry::ImageRef> ref = registry::ParseImage(image);
    if (!ref.ok()) return ref.error();
    registry::Credentials credentials{deps_.sys.env.Get("QAREPORTS_REGISTRY_USERNAME").value_or(""),
                                      deps_.sys.env.Get("QAREPORTS_REGISTRY_PASSWORD").value_or("")};
    Status found = registry::CheckImage(*ref, credentials, deps_.sys.http);
    c.seconds = deps_.sys.clock.Elapsed() - t;
    if (!found.ok()) {
      Fail(c, found.error().kind == ErrorKind::kFailed ? "ImageMissing" : "RegistryUnavailable", found.error().message);
      suite.cases.push_back(c);
      return found.error();  // it says nothing was changed
    }
    suite.cases.push_back(c);
    spdlog::info("{}: image {} exists", deps_.env.name, image);
  }
  if (sys::StopRequested()) return Error::Failed("stopped before any change; nothing was changed");

  release::Release record;
  record.state = release::State::kPending;
  record.version = target.version;
  record.commit = deploy::DeployedCommit(deps_.sys.env, deps_.config.root);
  record.time = util::Iso8601(deps_.sys.clock.Now());
  record.job = deploy::JobIdentity(deps_.sys.env);
  record.manifests = target.objects;
  record.gate = gate_;
  Result<int> number = store.Create(std::move(record));
  if (!number.ok()) return number.error();
  std::string title = "release " + std::to_string(*number) + " (SQUAD " + target.version + ")";
  spdlog::info("{}: recorded {} as pending", deps_.env.name, title);

  // From here on the cluster changes: any failure returns to the last good
  // release. The configuration goes first, for the migration Job to use.
  std::vector<std::string> migrations;
  report::TestSuite& apply_suite = report.Suite("apply", Timestamp());
  std::string failure;
  auto apply = [&](const nlohmann::json& objects, bool prune) {
    double t = deps_.sys.clock.Elapsed();
    Result<deploy::ApplyResult> applied = deploy::ApplyObjects(session, objects);
    Result<deploy::ApplyResult> pruned = deploy::ApplyResult{};
    if (prune && applied.ok() && applied->ok()) pruned = deploy::PruneExcept(session, objects, deps_.env.name);
    size_t first = apply_suite.cases.size();
    for (const Result<deploy::ApplyResult>* r : {&applied, &pruned}) {
      if (!r->ok()) {
        failure = (*r).error().message;
        continue;
      }
      for (const deploy::ObjectResult& o : (*r)->objects) {
        report::TestCase c = Case("apply", deps_.env.name, o.title, 0);
        c.output = o.action + "\n";
        if (!o.error.empty()) Fail(c, "Refused", o.title + ": " + o.error), failure = o.title + ": " + o.error;
        apply_suite.cases.push_back(c);
      }
    }
    double each = (deps_.sys.clock.Elapsed() - t) / static_cast<double>(std::max<size_t>(1, apply_suite.cases.size() - first));
    for (size_t i = first; i < apply_suite.cases.size(); ++i) apply_suite.cases[i].seconds = each;
    if (applied.ok() && pruned.ok()) {
      spdlog::info("{}: applied {} objects{}", deps_.env.name, applied->objects.size(),
                   prune ? ", pruned " + std::to_string(pruned->objects.size()) : std::string());
    }
    return failure.empty();
  };

  if (image_changes && target.migration_job) {
    nlohmann::json config = nlohmann::json::array();
    for (const nlohmann::json& o : target.objects) {
      static const std::set<std::string> kinds = {"Namespace", "ServiceAccount", "ConfigMap", "Secret"};
      if (kinds.count(o.value("kind", ""))) config.push_back(o);
    }
    if (!apply(config, false)) {
      return Restore(session, store, *number, good, "applying the configuration of " + title + " failed: " + failure,
                     migrations, report);
    }
    report::TestSuite& suite = report.Suite("migrate", Timestamp());
    spdlog::info("{}: running the migration Job", deps_.env.name);
    deploy::MigrationOptions migration{static_cast<double>(deps_.env.migration_timeout_seconds),
                                       view_.unschedulable_grace, view_.schedulable_namespace};
    Result<deploy::MigrationResult> m = deploy::RunMigration(session, *target.migration_job,
                                                             "r" + std::to_string(*number), deps_.sys.clock, migration);
    if (!m.ok()) {
      return Restore(session, store, *number, good, "the migration Job could not run: " + m.error().message,
                     migrations, report);
    }
    migrations = m->applied;
    (void)store.SetMigrations(*number, migrations);
    report::TestCase c = Case("migrate", deps_.env.name, m->job, m->seconds);
    c.output = m->log;
    if (!m->ok()) {
      std::string message = "the migration Job " + m->job + " " + m->Verdict();
      Fail(c, "MigrationFailed", message, "events:\n" + m->events + "\nlast 50 log lines:\n" + m->log);
      suite.cases.push_back(c);
      spdlog::error("{}: {}; its last log lines:\n{}", deps_.env.name, message, m->log);
      return Restore(session, store, *number, good, message + " (the Job was deleted; no workload was changed)",
                     migrations, report);
    }
    suite.cases.push_back(c);
    spdlog::info("{}: migration done in {:.1f} s ({} applied)", deps_.env.name, m->seconds, migrations.size());
  }

  if (!apply(target.objects, true)) {
    return Restore(session, store, *number, good, "applying " + title + " failed: " + failure, migrations, report);
  }
  if (sys::StopRequested()) {
    return Restore(session, store, *number, good, "stopped while deploying " + title, migrations, report);
  }

  Result<rollout::TrackResult> rolled = Roll(session, target.workloads, rollout_timeout_, true, "rollout", report);
  if (!rolled.ok()) {
    return Restore(session, store, *number, good, "watching the rollout of " + title + " failed: " +
                   rolled.error().message, migrations, report);
  }
  switch (rolled->outcome) {
    case rollout::TrackResult::Outcome::kDone: break;
    case rollout::TrackResult::Outcome::kFailed: {
      const rollout::Failure& f = *rolled->failure;
      std::string cause = "the rollout of " + title + " failed: " + f.workload + ": " + f.reason +
                          (f.pod.empty() ? "" : " in pod " + f.pod) + (f.message.empty() ? "" : " (" + f.message + ")");
      return Restore(session, store, *number, good, cause, migrations, report);
    }
    case rollout::TrackResult::Outcome::kTimedOut:
      return Restore(session, store, *number, good,
                     "the rollout of " + title + " did not finish in " +
                         std::to_string(static_cast<long>(rollout_timeout_)) + " s",
                     migrations, report);
    case rollout::TrackResult::Outcome::kStopped:
      return Restore(session, store, *number, good, "stopped while rolling out " + title, migrations, report);
  }

  if (!deps_.env.checks.empty()) {
    // Verification: the environment's health checks, against the new release.
    checks::Context context{deps_.sys, &session, deps_.env.name, deps_.config.squad_image, target.version,
                            target.check_jobs, {}, ""};
    context.job_options.unschedulable_grace = view_.unschedulable_grace;
    context.job_options.schedulable_namespace = view_.schedulable_namespace;
    std::vector<std::string> failures =
        Record(checks::RunAll(deps_.env.checks, context), deps_.env.name, report.Suite("checks", Timestamp()));
    if (!failures.empty()) {
      return Restore(session, store, *number, good,
                     "the health checks of " + title + " failed: " + util::Join(failures, "; "), migrations, report);
    }
  }

  if (Status marked = store.SetState(*number, release::State::kDeployed); !marked.ok()) return marked.error();
  std::string deployed = util::Iso8601(deps_.sys.clock.Now());
  if (Status noted = store.Update(*number, [&](release::Release& r) { r.deployed = deployed; }); !noted.ok()) {
    spdlog::warn("{}: could not note when {} was deployed: {}", deps_.env.name, title, noted.error().message);
  }
  if (Result<std::vector<release::Release>> all = store.List(); all.ok()) {
    for (const release::Release& r : *all) {
      if (r.number != *number && r.state == release::State::kDeployed) {
        (void)store.SetState(r.number, release::State::kSuperseded);
      }
    }
  }
  (void)store.Prune();
  spdlog::info("{}: {} deployed", deps_.env.name, title);
  if (deps_.global.output != "json") {
    deps_.out << deps_.env.name << ": " << title << " deployed; " << target.workloads.size()
              << " workloads rolled out in " << fmt::format("{:.1f}", rolled->seconds) << " s\n";
  }
  Outcome outcome;
  outcome.data = {{"environment", deps_.env.name}, {"release", *number},   {"version", target.version},
                  {"state", "deployed"},         {"migrations", migrations}, {"workloads", rolled->lines},
                  {"migrations_kept", target.kept_migrations}, {"gate", gate_}};
  return outcome;
}

}  // namespace qareports::commands
