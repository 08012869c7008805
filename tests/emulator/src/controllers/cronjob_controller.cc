#include "controllers/cronjob_controller.h"

#include <algorithm>

#include "controllers/controller_util.h"
#include "controllers/cron_schedule.h"

namespace qareports::emulator {

namespace {

std::time_t ToTimeT(SimTime t) { return std::chrono::system_clock::to_time_t(t); }

// "Complete" or "Failed" once the Job has finished, else "".
std::string Finished(const json& job) {
  for (const auto& c : job.value("status", json::object()).value("conditions", json::array()))
    if ((c.value("type", "") == "Complete" || c.value("type", "") == "Failed") && c.value("status", "") == "True")
      return c["type"];
  return "";
}

json JobRef(const json& job) {
  const json& m = job["metadata"];
  return {{"kind", "Job"}, {"namespace", m.value("namespace", "")}, {"name", m.value("name", "")},
          {"uid", m.value("uid", "")}, {"apiVersion", "batch/v1"}, {"resourceVersion", m.value("resourceVersion", "")}};
}

}  // namespace

void CronJobController::Tick() {
  SyncEach(store_, "cronjobs.batch", [&](const json& o) { Sync(o); });
}

void CronJobController::Sync(const json& cronjob) {
  const json& m = cronjob["metadata"];
  const json& spec = cronjob["spec"];
  std::string ns = m.value("namespace", ""), name = m.value("name", "");
  SimTime now = clock_.Now();
  std::string now_text = FormatTime(now);
  std::string error;
  auto schedule = CronSchedule::Parse(spec.value("schedule", ""), &error);
  json status = cronjob.value("status", json::object());
  auto jobs = Owned(store_, "jobs.batch", ns, m.value("uid", ""));
  std::sort(jobs.begin(), jobs.end(), [](const json& a, const json& b) {
    return a["metadata"].value("creationTimestamp", "") < b["metadata"].value("creationTimestamp", "");
  });

  // Finished Jobs leave `active`; the history limits prune the oldest.
  json active = json::array();
  std::vector<json> succeeded, failed;
  for (const auto& job : jobs) {
    std::string done = Finished(job);
    if (done.empty()) {
      active.push_back(JobRef(job));
      continue;
    }
    (done == "Complete" ? succeeded : failed).push_back(job);
    if (done == "Complete") {
      std::string at = job["status"].value("completionTime", now_text);
      if (status.value("lastSuccessfulTime", "") < at) status["lastSuccessfulTime"] = at;
    }
  }
  auto prune = [&](std::vector<json>& finished, int limit) {
    for (std::size_t i = 0; static_cast<int>(finished.size() - i) > limit; ++i) {
      // Deleted in the background: the garbage collector takes its pods.
      std::string name = finished[i]["metadata"].value("name", "");
      store_.Remove("jobs.batch", ns, name);
      events_.Record(cronjob, "Normal", "SuccessfulDelete", "Deleted job " + name, "cronjob-controller");
    }
  };
  prune(succeeded, spec.value("successfulJobsHistoryLimit", 3));
  prune(failed, spec.value("failedJobsHistoryLimit", 1));

  // The most recent scheduled minute since the last run (or creation).
  if (schedule && !spec.value("suspend", false)) {
    SimTime since;
    if (!ParseTime(status.value("lastScheduleTime", m.value("creationTimestamp", "")), &since)) since = now;
    std::time_t from = ToTimeT(since) / 60 * 60 + 60, to = ToTimeT(now) / 60 * 60;
    from = std::max(from, to - 7 * 24 * 3600);
    std::time_t due = 0;
    for (std::time_t t = to; t >= from; t -= 60)
      if (schedule->Matches(t)) {
        due = t;
        break;
      }
    long deadline = spec.value("startingDeadlineSeconds", -1L);
    bool too_late = due != 0 && deadline >= 0 && ToTimeT(now) - due > deadline;
    std::string policy = spec.value("concurrencyPolicy", "Allow");
    if (due != 0 && !too_late && !(policy == "Forbid" && !active.empty())) {
      if (policy == "Replace")
        for (const auto& ref : active) {
          store_.Remove("jobs.batch", ns, ref.value("name", ""));
          events_.Record(cronjob, "Normal", "SuccessfulDelete", "Deleted job " + ref.value("name", ""),
                         "cronjob-controller");
        }
      if (policy == "Replace") active = json::array();
      const json& t = spec.value("jobTemplate", json::object());
      std::string scheduled = FormatTime(std::chrono::system_clock::from_time_t(due));
      json job = {{"metadata", t.value("metadata", json::object())}, {"spec", t.value("spec", json::object())}};
      job["metadata"].erase("creationTimestamp");
      job["metadata"]["name"] = name + "-" + std::to_string(due / 60);
      job["metadata"]["namespace"] = ns;
      job["metadata"]["ownerReferences"] = json::array({ControllerRef(cronjob)});
      job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] = scheduled;
      if (store_.Get("jobs.batch", ns, job["metadata"]["name"]) == nullptr) {
        json created = CreateObject(store_, "jobs.batch", job, now_text);
        active.push_back(JobRef(created));
        events_.Record(cronjob, "Normal", "SuccessfulCreate", "Created job " + created["metadata"].value("name", ""),
                       "cronjob-controller");
      }
      status["lastScheduleTime"] = scheduled;
    } else if (due != 0) {
      status["lastScheduleTime"] = FormatTime(std::chrono::system_clock::from_time_t(due));
    }
  }
  if (active.empty()) status.erase("active");
  else status["active"] = active;
  PutStatus(store_, "cronjobs.batch", cronjob, status);
}

}  // namespace qareports::emulator
