#include "controllers/job_controller.h"

#include <algorithm>

#include "controllers/controller_util.h"
#include "storage/names.h"

namespace qareports::emulator {

void JobController::Tick() {
  SyncEach(store_, "jobs.batch", [&](const json& o) { Sync(o); });
}

static bool Finished(const json& job) {
  const json& c = job.value("status", json::object()).value("conditions", json());
  for (const char* t : {"Complete", "Failed"}) {
    const json* x = FindCondition(c, t);
    if (x && (*x).value("status", "") == "True") return true;
  }
  return false;
}

JobController::PodCounts JobController::CountPods(const std::vector<json>& pods) const {
  PodCounts c;
  for (const auto& p : pods) {
    std::string phase = p.value("status", json::object()).value("phase", "Pending");
    if (phase == "Succeeded") {
      ++c.succeeded;
    } else if (phase == "Failed") {
      ++c.failed;
      SimTime t;
      if (ParseTime(p["metadata"].value("creationTimestamp", ""), &t)) c.last_failure = std::max(c.last_failure, t);
    } else {
      ++c.active;
      c.ready += PodReady(p);
      // With restartPolicy OnFailure, restarts in place count as failures.
      for (const auto& cs : p.value("status", json::object()).value("containerStatuses", json::array()))
        c.restarts += cs.value("restartCount", 0);
    }
  }
  return c;
}

void JobController::StartPods(const json& job, PodCounts& c) {
  int completions = job["spec"].value("completions", 1);
  int parallelism = job["spec"].value("parallelism", 1);
  auto backoff = std::chrono::seconds(std::min(10 << std::min(std::max(c.failed - 1, 0), 5), 360));
  if (c.failed > 0 && clock_.Now() - c.last_failure < backoff) return;
  const json& m = job["metadata"];
  const json& t = job["spec"]["template"];
  std::string name = m.value("name", "");
  while (c.active < parallelism && c.succeeded + c.active < completions) {
    json pod = {{"apiVersion", "v1"}, {"kind", "Pod"},
                {"metadata", {{"name", name + "-" + RandomSuffix(5)}, {"generateName", name + "-"},
                              {"namespace", m.value("namespace", "")},
                              {"labels", t["metadata"].value("labels", json::object())},
                              {"ownerReferences", json::array({ControllerRef(job)})}}},
                {"spec", t.value("spec", json::object())}};
    json created = CreateObject(store_, "pods", pod, FormatTime(clock_.Now()));
    events_.Record(job, "Normal", "SuccessfulCreate", "Created pod: " + created["metadata"].value("name", ""),
                   "job-controller");
    ++c.active;
  }
}

void JobController::Sync(const json& job) {
  if (Finished(job) || job["spec"].value("suspend", false)) return;
  const json& m = job["metadata"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  std::string now = FormatTime(clock_.Now());
  auto pods = Owned(store_, "pods", ns, m.value("uid", ""));
  PodCounts c = CountPods(pods);
  json s = job.value("status", json::object());
  if (!s.contains("startTime")) s["startTime"] = now;
  json& conds = s["conditions"];
  const char* done = "Reached expected number of succeeded pods";
  const char* failed = "Job has reached the specified backoff limit";
  if (c.succeeded >= job["spec"].value("completions", 1)) {
    SetCondition(conds, "SuccessCriteriaMet", "True", "CompletionsReached", done, now, false);
    SetCondition(conds, "Complete", "True", "CompletionsReached", done, now, false);
    s["completionTime"] = now;
    events_.Record(job, "Normal", "Completed", "Job completed", "job-controller");
  } else if (c.failed + c.restarts > job["spec"].value("backoffLimit", 6)) {
    SetCondition(conds, "FailureTarget", "True", "BackoffLimitExceeded", failed, now, false);
    SetCondition(conds, "Failed", "True", "BackoffLimitExceeded", failed, now, false);
    for (auto& p : pods) {
      std::string phase = p.value("status", json::object()).value("phase", "");
      if (phase == "Failed" || phase == "Succeeded") continue;
      p["metadata"]["deletionTimestamp"] = now;
      store_.Put("pods", p);
      --c.active;
      ++c.failed;
    }
    events_.Record(job, "Warning", "BackoffLimitExceeded", failed, "job-controller");
  } else {
    StartPods(job, c);
  }
  for (auto& cond : conds) cond["lastProbeTime"] = cond["lastTransitionTime"];
  if (conds.empty()) s.erase("conditions");
  SetCount(s, "active", std::max(c.active, 0));
  SetCount(s, "succeeded", c.succeeded);
  SetCount(s, "failed", c.failed);
  s["ready"] = c.ready;
  s["terminating"] = 0;
  s["uncountedTerminatedPods"] = json::object();
  PutStatus(store_, "jobs.batch", job, s);
}

}  // namespace qareports::emulator
