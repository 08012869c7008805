#include "controllers/container_model.h"

#include <algorithm>

namespace qareports::emulator {

namespace {

using ms = std::chrono::milliseconds;
constexpr ms kRun{1000};
constexpr ms kPullAttempt{5000};

ms Backoff(int k) {
  long long s = 10LL << std::min(k, 5);
  return ms(std::min(s, 300LL) * 1000);
}

std::string At(SimTime base, ms offset) { return FormatTime(base + offset); }

json Terminated(const std::string& reason, int code, SimTime base, ms start, ms end, int run) {
  return {{"terminated", {{"exitCode", code}, {"reason", reason},
                          {"startedAt", At(base, start)}, {"finishedAt", At(base, end)},
                          {"containerID", "containerd://emulated-" + std::to_string(run)}}}};
}

json Waiting(const std::string& reason, const std::string& message) {
  json w = {{"reason", reason}};
  if (!message.empty()) w["message"] = message;
  return {{"waiting", w}};
}

void CrashLoop(const ContainerInput& in, ms t, SimTime base, ContainerView* v) {
  ms start = in.rule.after;
  int k = 0;
  while (k < 100000) {
    ms end = start + kRun;
    if (t < end) {
      v->state = {{"running", {{"startedAt", At(base, start)}}}};
      v->restarts = k;
      v->runs = k + 1;
      v->started_once = true;
      v->key = "running:" + std::to_string(k);
      if (k > 0) v->last_state = Terminated("Error", 1, base, start - Backoff(k - 1) - kRun, start - Backoff(k - 1), k - 1);
      return;
    }
    if (in.job_pod && !in.restart_on_failure) {
      v->state = Terminated("Error", 1, base, start, end, 0);
      v->terminated = true;
      v->runs = 1;
      v->started_once = true;
      v->key = "failed";
      return;
    }
    ms next = end + Backoff(k);
    if (t < next) {
      v->state = Waiting("CrashLoopBackOff", "back-off " + std::to_string(Backoff(k).count() / 1000) +
                                                 "s restarting failed container=" + in.name +
                                                 " pod=" + in.pod_name + "_(" + in.pod_uid + ")");
      v->last_state = Terminated("Error", 1, base, start, end, k);
      v->restarts = k + 1;
      v->runs = k + 1;
      v->started_once = true;
      v->key = "backoff:" + std::to_string(k);
      return;
    }
    start = next;
    ++k;
  }
}

void PullFailure(const ContainerInput& in, ms t, ContainerView* v) {
  ms start = in.rule.after;
  int n = 0;
  while (n < 100000) {
    if (t < start + kPullAttempt) {
      v->state = Waiting("ErrImagePull", "rpc error: code = NotFound desc = failed to pull and "
                         "unpack image \"" + in.image + "\": failed to resolve reference \"" +
                         in.image + "\": " + in.image + ": not found");
      v->key = "pullerr:" + std::to_string(n);
      return;
    }
    ms next = start + kPullAttempt + Backoff(n);
    if (t < next) {
      v->state = Waiting("ImagePullBackOff", "Back-off pulling image \"" + in.image + "\"");
      v->key = "pullbackoff:" + std::to_string(n);
      return;
    }
    start = next;
    ++n;
  }
}

}  // namespace

ContainerView ComputeContainer(const ContainerInput& in, ms t, SimTime base) {
  ContainerView v;
  v.last_state = json::object();
  if (!in.config_error.empty()) {
    v.state = Waiting("CreateContainerConfigError", in.config_error);
    v.key = "ccce:" + in.config_error;
    return v;
  }
  if (t < in.rule.after) {
    v.state = Waiting("ContainerCreating", "");
    v.key = "creating";
    return v;
  }
  switch (in.rule.behaviour) {
    case Behaviour::kImageMissing:
      PullFailure(in, t, &v);
      return v;
    case Behaviour::kCrashLoop:
    case Behaviour::kJobFails:
      CrashLoop(in, t, base, &v);
      return v;
    case Behaviour::kNeverReady:
      v.state = {{"running", {{"startedAt", At(base, in.rule.after)}}}};
      v.started_once = true;
      v.runs = 1;
      v.key = "unready:" + std::to_string(t.count() / 10000);
      return v;
    case Behaviour::kReady:
      break;
  }
  v.started_once = true;
  v.runs = 1;
  if (in.job_pod && t >= in.rule.after + kRun) {
    v.state = Terminated("Completed", 0, base, in.rule.after, in.rule.after + kRun, 0);
    v.terminated = true;
    v.succeeded = true;
    v.key = "completed";
    return v;
  }
  v.state = {{"running", {{"startedAt", At(base, in.rule.after)}}}};
  v.ready = true;
  v.key = "running:0";
  return v;
}

}  // namespace qareports::emulator
