#include "jobs/job_run.h"

#include <spdlog/spdlog.h>

#include "kube/diagnostics.h"
#include "kube/watch_events.h"
#include "rollout/status.h"
#include "sys/stop.h"
#include "util/json_fields.h"

namespace qareports::jobs {
namespace {

// "Complete" or "Failed" with its reason, once the Job has either condition.
std::pair<std::string, std::string> Finished(const nlohmann::json& job) {
  const nlohmann::json& status = job.contains("status") ? job["status"] : nlohmann::json::object();
  if (!status.contains("conditions")) return {};
  for (const auto& c : status["conditions"]) {
    std::string type = c.value("type", "");
    if ((type == "Complete" || type == "Failed") && c.value("status", "") == "True") {
      return {type, c.value("reason", "")};
    }
  }
  return {};
}

}  // namespace

std::string JobRun::Verdict() const {
  switch (outcome) {
    case Outcome::kComplete: return "completed";
    case Outcome::kTimedOut: return "timed out";
    case Outcome::kStopped: return "was stopped";
    case Outcome::kFailed: break;
  }
  return "failed" + (reason.empty() ? std::string() : " (" + reason + ")");
}

Result<JobRun> RunJob(kube::Client& client, const std::string& default_ns, nlohmann::json job, const std::string& suffix,
                      const sys::Clock& clock, const JobOptions& options) {
  JobRun result;
  double start = clock.Elapsed(), deadline = start + options.timeout_seconds;
  std::string ns = job["metadata"].value("namespace", default_ns);
  result.job = (job["metadata"].value("name", "job") + "-" + suffix).substr(0, 63);
  job["metadata"]["name"] = result.job;
  job["metadata"]["namespace"] = ns;
  std::string jobs = "/apis/batch/v1/namespaces/" + ns + "/jobs";
  kube::ApiCall create;
  create.method = "POST";
  create.path = jobs + "?fieldManager=qareports";
  create.body = job.dump();
  Result<kube::ApiResult> made = client.Call(create);
  if (!made.ok()) return made.error();
  if (!made->ok()) return Error::Failed("the cluster refused the Job " + result.job + ": " + made->Message());

  // Watch the Job and its pods: the Job says when it is done, a pod that
  // cannot start (a missing Secret, an image that cannot be pulled) says at
  // once that it never will be.
  std::string pods_path = "/api/v1/namespaces/" + ns + "/pods";
  std::vector<std::string> collections = {jobs + "?fieldSelector=metadata.name%3D" + result.job,
                                          pods_path + "?labelSelector=job-name%3D" + result.job};
  std::pair<std::string, std::string> finished;
  double unschedulable_since = -1;
  auto judge = [&](size_t kind, const nlohmann::json& object) {
    if (kind == 0) {
      finished = Finished(object);
      return;
    }
    rollout::PodVerdict v = rollout::JudgePod(object);
    if (v.fatal) finished = {"Failed", v.reason + ": " + v.message};
    if (!v.unschedulable) {
      unschedulable_since = -1;
      return;
    }
    if (unschedulable_since < 0) unschedulable_since = clock.Elapsed();
    if (!options.schedulable_namespace) {
      finished = {"Failed", v.reason + ": " + v.message + " (namespace " + ns +
                                " is outside every Fargate profile of the cluster: no node will ever take it)"};
    }
  };
  auto waited_too_long = [&] {
    if (unschedulable_since < 0 || clock.Elapsed() - unschedulable_since < options.unschedulable_grace) return false;
    finished = {"Failed", "FailedScheduling: still unschedulable after " +
                              std::to_string(static_cast<long>(options.unschedulable_grace)) + " s"};
    return true;
  };
  int watch_failures = 0;  // transient ends of the watches in a row
  while (finished.first.empty()) {
    std::vector<kube::ApiCall> lists;
    for (const std::string& c : collections) lists.push_back(kube::Get(c));
    std::vector<Result<kube::ApiResult>> listed = client.CallAll(lists, 2);
    std::vector<std::string> versions;
    for (size_t i = 0; i < listed.size(); ++i) {
      if (!listed[i].ok()) return listed[i].error();
      if (!listed[i]->ok()) return Error::Unavailable("cannot read the Job " + result.job + ": " + listed[i]->Message());
      for (const auto& item : listed[i]->Items()) judge(i, item);
      versions.push_back(util::ObjectField(listed[i]->json, "metadata").value("resourceVersion", ""));
    }
    if (!finished.first.empty() || waited_too_long()) break;
    if (sys::StopRequested()) {
      result.outcome = JobRun::Outcome::kStopped;
      break;
    }
    if (clock.Elapsed() >= deadline) {
      result.outcome = JobRun::Outcome::kTimedOut;
      break;
    }
    std::vector<kube::ApiCall> watches;
    for (size_t i = 0; i < collections.size(); ++i) {
      watches.push_back(kube::Get(collections[i] + "&watch=true&resourceVersion=" + versions[i] +
                                  "&timeoutSeconds=300"));
    }
    std::vector<kube::WatchEvents> streams(watches.size());
    std::vector<Result<kube::ApiResult>> watched = client.StreamAll(
        watches,
        [&](size_t i, std::string_view data) {
          return streams[i].Feed(data, [&](const nlohmann::json& event) {
            if (event.value("type", "") != "DELETED" && event.contains("object")) judge(i, event["object"]);
            return finished.first.empty();
          });
        },
        [&] { return clock.Elapsed() >= deadline || sys::StopRequested() || waited_too_long(); });
    for (const Result<kube::ApiResult>& w : watched) {
      // The loop reads the Job afresh: a cluster that stays away fails that read.
      if (!w.ok()) spdlog::debug("the watch of the Job {} ended: {}; reading it again", result.job, w.error().message);
      // 429, 5xx, a reset: the retry policy's pause first, as for any call.
      if (w.ok() && w->Transient() && !client.BackOff(*w, watch_failures)) {
        return Error::Unavailable("cannot watch the Job " + result.job + ": " + w->Message());
      }
    }
  }
  if (finished.first == "Failed") {
    result.outcome = JobRun::Outcome::kFailed;
    result.reason = finished.second;
  }

  // The log says what the Job did; on failure it and the events say why.
  Result<kube::ApiResult> pods =
      client.Call(kube::Get("/api/v1/namespaces/" + ns + "/pods?labelSelector=job-name%3D" + result.job));
  std::string pod;
  if (pods.ok() && pods->ok()) {
    for (const auto& p : pods->Items()) pod = p["metadata"].value("name", "");
  }
  if (!pod.empty()) {
    result.log = LogTail(client, ns, pod, "", 50);
    if (options.full_log) result.full_log = LogTail(client, ns, pod, "", 100000);
  }
  if (!result.ok()) {
    result.events = EventsOf(client, ns, "Job", result.job);
    if (!pod.empty()) result.events += EventsOf(client, ns, "Pod", pod);
  }
  kube::ApiCall del;
  del.method = "DELETE";
  del.path = jobs + "/" + result.job;
  del.body = R"({"propagationPolicy":"Background"})";
  Result<kube::ApiResult> deleted = client.Call(del);
  if (!deleted.ok() || (!deleted->ok() && deleted->status != 404)) {
    spdlog::warn("could not delete the Job {} ({}): it stays in namespace {} until deleted by hand", result.job,
                 deleted.ok() ? deleted->Message() : deleted.error().message, ns);
  }
  result.seconds = clock.Elapsed() - start;
  return result;
}

}  // namespace qareports::jobs
