// The engine's Converge and Restore (deploy/engine.h): objects put in the
// cluster and proved (applied and pruned, every rollout tracked, the health
// checks run), for a deploy, a rollback and the restore after a failure
// alike.
#include <spdlog/spdlog.h>

#include "checks/check.h"
#include "checks/record.h"
#include "deploy/engine.h"
#include "deploy/objects.h"
#include "sys/stop.h"
#include "util/strings.h"

namespace qareports::deploy {
namespace {

std::string MigrationNote(const std::vector<std::string>& migrations, int release, const std::string& good_version) {
  if (migrations.empty()) return "";
  return " The database keeps the " + std::to_string(migrations.size()) + " migration(s) release " +
         std::to_string(release) + " applied (" + util::Join(migrations, ", ") + "): rolling back code does not roll "
         "back the database" + (good_version.empty() ? std::string(".") : ", so SQUAD " + good_version +
         " now runs on a schema newer than it was built for and must tolerate it.");
}

std::string Why(const rollout::TrackResult& tracked, double timeout) {
  switch (tracked.outcome) {
    case rollout::TrackResult::Outcome::kDone: return "";
    case rollout::TrackResult::Outcome::kFailed: {
      const rollout::Failure& f = *tracked.failure;
      return "failed: " + f.workload + ": " + f.reason + (f.pod.empty() ? "" : " in pod " + f.pod) +
             (f.message.empty() ? "" : " (" + f.message + ")");
    }
    case rollout::TrackResult::Outcome::kTimedOut:
      return "did not finish in " + std::to_string(static_cast<long>(timeout)) + " s";
    case rollout::TrackResult::Outcome::kStopped: return "was stopped (" + sys::StopReason() + ")";
  }
  return "ended unexpectedly";
}

}  // namespace

Status Engine::Converge(const Converging& what, report::Report& report, rollout::TrackResult* tracked_out) {
  const std::string& title = what.title;
  if (Status applied = ApplyAndPrune(what.objects, true, what.prefix + "apply", report, what.changes); !applied.ok()) {
    return Error::Failed("applying " + title + " failed: " + applied.error().message);
  }
  bool stopped = sys::StopRequested();
  if (stopped && !what.restoring) return Stopped("deploying " + title);
  // A restore after a stop has what is left of the cleanup's time (rollout/tracker.h).
  double timeout = stopped ? std::min(sys::CleanupSecondsLeft(), rollout_timeout_) : rollout_timeout_;
  std::vector<std::string> workloads = Workloads(what.objects, deps_.env.namespace_);
  Result<rollout::TrackResult> tracked = Roll(workloads, timeout, !what.restoring, what.prefix + "rollout", report);
  if (!tracked.ok()) return Error::Failed("watching the rollout of " + title + " failed: " + tracked.error().message);
  if (tracked->outcome == rollout::TrackResult::Outcome::kStopped) return Stopped("rolling out " + title);
  if (std::string why = Why(*tracked, timeout); !why.empty()) return Error::Failed("the rollout of " + title + " " + why);
  if (tracked_out) *tracked_out = *tracked;
  if (sys::StopRequested()) {
    if (!what.restoring) return Stopped("deploying " + title);
    report::TestCase c = report::Case(what.prefix + "checks", deps_.env.name, "health checks");
    c.status = report::TestCase::Status::kSkipped;
    c.message = "the job was stopped (" + sys::StopReason() + "): the rollout was verified, the health checks were not run";
    report.Suite(what.prefix + "checks", Now()).cases.push_back(c);
    return Ok();
  }
  if (Status verified = Verify(what.version, what.prefix + "checks", report); !verified.ok()) {
    return Error::Failed("the health checks of " + title + " failed: " + verified.error().message);
  }
  return Ok();
}

Status Engine::ApplyAndPrune(const nlohmann::json& objects, bool prune, const std::string& suite_name,
                             report::Report& report, const std::map<std::string, std::string>* changes) {
  double start = deps_.sys.clock.Elapsed();
  report::TestSuite& suite = report.Suite(suite_name, Now());
  Result<ApplyResult> applied = deps_.cluster.Apply(objects);
  Result<ApplyResult> pruned = ApplyResult{};
  if (prune && applied.ok() && applied->ok()) pruned = deps_.cluster.PruneExcept(objects);
  size_t first = suite.cases.size();
  std::string failure;
  for (const Result<ApplyResult>* r : {&applied, &pruned}) {
    if (!r->ok()) {
      failure = r->error().message;
      continue;
    }
    for (const ObjectResult& o : (*r)->objects) {
      report::TestCase c = report::Case(suite_name, deps_.env.name, o.title);
      c.output = o.action + "\n";
      if (changes) {  // server-side apply answers "configured" alike for a change and for none
        auto known = changes->find(o.title);
        c.change = o.action == "pruned" ? "prune" : known != changes->end() ? known->second : "create";
      }
      if (!o.error.empty()) report::Fail(c, "Refused", o.title + ": " + o.error), failure = o.title + ": " + o.error;
      suite.cases.push_back(c);
    }
  }
  double each = (deps_.sys.clock.Elapsed() - start) / static_cast<double>(std::max<size_t>(1, suite.cases.size() - first));
  for (size_t i = first; i < suite.cases.size(); ++i) suite.cases[i].seconds = each;
  if (!failure.empty()) return Error::Failed(failure);
  spdlog::info("{}: applied {} objects{}", deps_.env.name, applied->objects.size(),
               prune ? ", pruned " + std::to_string(pruned->objects.size()) : std::string());
  return Ok();
}

Result<rollout::TrackResult> Engine::Roll(const std::vector<std::string>& workloads, double timeout, bool stoppable,
                                          const std::string& suite_name, report::Report& report) {
  rollout::TrackOptions track{deps_.env.namespace_, workloads, timeout, view_, stoppable};
  report::TestSuite& suite = report.Suite(suite_name, Now());
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
  Result<rollout::TrackResult> tracked = deps_.cluster.Track(track, on_line);
  if (deps_.sys.live && !latest.empty()) *deps_.sys.live << "\n";
  if (!tracked.ok()) return tracked;
  for (size_t i = 0; i < workloads.size(); ++i) {
    report::TestCase c = report::Case(suite_name, deps_.env.name, workloads[i], tracked->seconds);
    c.output = i < tracked->lines.size() ? tracked->lines[i] + "\n" : "";
    const std::optional<rollout::Failure>& f = tracked->failure;
    if (f && f->workload == workloads[i]) {
      std::string body = (f->pod.empty() ? "" : "pod " + f->pod + ": ") + f->reason + ": " + f->message + "\n";
      report::Fail(c, f->reason, workloads[i] + ": " + f->reason + (f->pod.empty() ? "" : " (pod " + f->pod + ")"),
                   body + (f->evidence.empty() ? "" : "\n" + f->evidence));
    } else if (tracked->outcome == rollout::TrackResult::Outcome::kTimedOut && i < tracked->lines.size() &&
               tracked->lines[i].find("rolled out") == std::string::npos) {
      report::Fail(c, "Timeout", workloads[i] + ": not rolled out after " + std::to_string(static_cast<long>(timeout)) + " s");
    } else if (tracked->outcome == rollout::TrackResult::Outcome::kStopped) {
      c.status = report::TestCase::Status::kSkipped;
      c.message = "the job was asked to stop";
    }
    suite.cases.push_back(c);
  }
  return tracked;
}

Status Engine::Verify(const std::string& version, const std::string& suite, report::Report& report) {
  if (deps_.env.checks.empty()) return Ok();
  Result<kube::Session*> session = deps_.cluster.Session();
  checks::Context context{deps_.sys, session.ok() ? *session : nullptr, deps_.env.name, deps_.config.squad_image,
                          version, check_jobs_, {}, session.ok() ? "" : session.error().message};
  context.job_options.unschedulable_grace = view_.unschedulable_grace;
  context.job_options.schedulable_namespace = view_.schedulable_namespace;
  std::vector<std::string> failures =
      checks::Record(checks::RunAll(deps_.env.checks, context), deps_.env.name, report.Suite(suite, Now()));
  if (!failures.empty()) return Error::Failed(util::Join(failures, "; "));
  return Ok();
}

Error Engine::Restore(const Change& change, const std::string& cause, report::Report& report) {
  MarkFailed(change.release);
  if (!change.good) return Empty(change, cause, report);
  const release::Release& good = *change.good;
  std::string to = "release " + std::to_string(good.number) + " (SQUAD " + good.version + ")";
  report::TestSuite& suite = report.Suite("rollback", Now());
  spdlog::warn("{}: rolling back to {}", deps_.env.name, to);
  double start = deps_.sys.clock.Elapsed();
  bool stopped_before = sys::StopRequested();
  nlohmann::json objects = Restamped(good.manifests, to + " in place of release " + std::to_string(change.release) +
                                                         ", at " + Now());
  Status back = Converge({objects, good.version, to, "rollback-", true}, report);
  if (!back.ok() && !stopped_before && sys::StopRequested()) {
    // The stop came during the restore and ended its requests in flight: the
    // cleanup goes on with the restore, in what is left of its time.
    spdlog::warn("{}: the stop ({}) cut the rollback short: rolling back to {} again", deps_.env.name,
                 sys::StopReason(), to);
    back = Converge({objects, good.version, to, "rollback-", true}, report);
  }
  report::TestCase c = report::Case("rollback", deps_.env.name, "restore " + to, deps_.sys.clock.Elapsed() - start);
  if (!back.ok()) {
    report::Fail(c, "RollbackFailed", "the rollback to " + to + " failed: " + back.error().message);
    suite.cases.push_back(c);
    return Error::Unsafe(cause + "; the rollback to " + to + " failed: " + back.error().message +
                         "; a human must look");
  }
  std::string note = MigrationNote(change.migrations, change.release, good.version);
  c.output = "rolled back to " + to + ", verified." + note + "\n";
  suite.cases.push_back(c);
  if (!note.empty()) spdlog::warn("{}:{}", deps_.env.name, note);
  spdlog::info("{}: rolled back to {} and verified", deps_.env.name, to);
  return Error::Failed(cause + "; rolled back to " + to + ", verified." + note);
}

Error Engine::Empty(const Change& change, const std::string& cause, report::Report& report) {
  // The first release: back to an empty environment (its namespace kept,
  // for the lock and the release records).
  double start = deps_.sys.clock.Elapsed();
  report::TestSuite& suite = report.Suite("rollback", Now());
  nlohmann::json keep = nlohmann::json::array(
      {{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", deps_.env.namespace_}}}}});
  bool stopped_before = sys::StopRequested();
  Result<ApplyResult> pruned = deps_.cluster.PruneExcept(keep);
  if (!(pruned.ok() && pruned->ok()) && !stopped_before && sys::StopRequested()) {
    spdlog::warn("{}: the stop ({}) cut the removal short: removing release {} again", deps_.env.name,
                 sys::StopReason(), change.release);
    pruned = deps_.cluster.PruneExcept(keep);  // as a restore above
  }
  std::string release = "release " + std::to_string(change.release);
  report::TestCase c = report::Case("rollback", deps_.env.name, "remove " + release, deps_.sys.clock.Elapsed() - start);
  if (!pruned.ok() || !pruned->ok()) {
    std::string problem = pruned.ok() ? "the cluster refused some deletions" : pruned.error().message;
    report::Fail(c, "RollbackFailed", "removing " + release + " failed: " + problem);
    suite.cases.push_back(c);
    return Error::Unsafe(cause + "; there was no earlier release, and removing this one failed: " + problem +
                         "; a human must look");
  }
  std::string done = "its " + std::to_string(pruned->objects.size()) + " objects were removed and " +
                     deps_.env.namespace_ + " is empty again." + MigrationNote(change.migrations, change.release, "");
  c.output = done + "\n";
  suite.cases.push_back(c);
  return Error::Failed(cause + "; there was no earlier release: " + done);
}

}  // namespace qareports::deploy
