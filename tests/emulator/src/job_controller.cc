#include "job_controller.h"

#include <algorithm>

#include "controller_util.h"
#include "names.h"

namespace qareports::emulator {

void JobController::Tick() {
  std::vector<json> all;
  for (const json* j : store_.List("jobs.batch", "")) all.push_back(*j);
  for (const auto& j : all)
    if (!j["metadata"].contains("deletionTimestamp")) Sync(j);
}

static bool Finished(const json& job) {
  const json& c = job.value("status", json::object()).value("conditions", json());
  for (const char* t : {"Complete", "Failed"}) {
    const json* x = FindCondition(c, t);
    if (x && (*x).value("status", "") == "True") return true;
  }
  return false;
}

void JobController::Sync(const json& job) {
  if (Finished(job) || job["spec"].value("suspend", false)) return;
  const json& m = job["metadata"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  std::string now = FormatTime(clock_.Now());
  auto pods = Owned(store_, "pods", ns, m.value("uid", ""));
  int active = 0, succeeded = 0, failed = 0, ready = 0;
  SimTime last_failure{};
  for (const auto& p : pods) {
    std::string phase = p.value("status", json::object()).value("phase", "Pending");
    if (phase == "Succeeded") ++succeeded;
    else if (phase == "Failed") {
      ++failed;
      SimTime t;
      if (ParseTime(p["metadata"].value("creationTimestamp", ""), &t)) last_failure = std::max(last_failure, t);
    } else {
      ++active;
      ready += PodReady(p);
    }
  }
  int completions = job["spec"].value("completions", 1);
  int parallelism = job["spec"].value("parallelism", 1);
  int backoff_limit = job["spec"].value("backoffLimit", 6);
  json next = job;
  json& s = next["status"];
  if (!s.contains("startTime")) s["startTime"] = now;
  json& conds = s["conditions"];
  if (succeeded >= completions) {
    SetCondition(conds, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now, false);
    SetCondition(conds, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now, false);
    for (auto& c : conds) c["lastProbeTime"] = c["lastTransitionTime"];
    s["completionTime"] = now;
    events_.Record(job, "Normal", "Completed", "Job completed", "job-controller");
  } else if (failed > backoff_limit) {
    SetCondition(conds, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, false);
    SetCondition(conds, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, false);
    for (auto& c : conds) c["lastProbeTime"] = c["lastTransitionTime"];
    for (auto& p : pods)
      if (p["status"].value("phase", "") != "Failed" && p["status"].value("phase", "") != "Succeeded") {
        p["metadata"]["deletionTimestamp"] = now;
        store_.Put("pods", p);
        --active;
      }
    events_.Record(job, "Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit", "job-controller");
  } else {
    auto backoff = std::chrono::seconds(std::min(10 << std::min(std::max(failed - 1, 0), 5), 360));
    bool waiting = failed > 0 && clock_.Now() - last_failure < backoff;
    while (!waiting && active < parallelism && succeeded + active < completions) {
      const json& t = job["spec"]["template"];
      json pod = {{"apiVersion", "v1"}, {"kind", "Pod"},
                  {"metadata", {{"name", name + "-" + RandomSuffix(5)}, {"generateName", name + "-"},
                                {"namespace", ns}, {"labels", t["metadata"].value("labels", json::object())},
                                {"ownerReferences", json::array({ControllerRef(job)})}}},
                  {"spec", t.value("spec", json::object())}};
      json created = CreateObject(store_, "pods", pod, now);
      events_.Record(job, "Normal", "SuccessfulCreate", "Created pod: " + created["metadata"].value("name", ""), "job-controller");
      ++active;
    }
  }
  if (conds.empty()) s.erase("conditions");
  SetCount(s, "active", std::max(active, 0));
  SetCount(s, "succeeded", succeeded);
  SetCount(s, "failed", failed);
  s["ready"] = ready;
  s["terminating"] = 0;
  s["uncountedTerminatedPods"] = json::object();
  const json* current = store_.Get("jobs.batch", ns, name);
  if (!current) return;
  json updated = *current;
  updated["status"] = s;
  PutIfChanged(store_, "jobs.batch", *current, updated);
}

}  // namespace qareports::emulator
