// The kubelet and scheduler stand-in: schedules pods (or leaves them
// Pending with FailedScheduling outside the Fargate namespaces), runs
// their containers as the rules say, writes pod status and events, keeps
// container logs, and removes pods whose deletion was requested.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "controllers/event_recorder.h"
#include "controllers/rules.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

struct ContainerLogs {
  int runs_logged = 0;
  std::vector<std::string> current;
  std::vector<std::string> previous;
  std::string waiting_reason;  // non-empty while it has never started
  bool ended = false;          // the current run has ended
  bool awaiting_restart = false;  // it ended and lastState.terminated holds it: --previous serves it
};

class PodSimulator {
 public:
  PodSimulator(Store& store, const SimClock& clock, const Rules& rules, EventRecorder& events)
      : store_(store), clock_(clock), rules_(rules), events_(events) {}

  // One step of every pod. REQUIRES: the store mutex held.
  void Tick();
  // Logs of one container, or nullptr when the pod is unknown.
  // REQUIRES: the store mutex held.
  const ContainerLogs* Logs(const std::string& pod_uid, const std::string& container) const;

 private:
  struct PodState {
    SimTime scheduled_at;
    bool scheduled = false;
    bool stopped = false;  // its containers were killed for its deletion
    SimTime last_unschedulable_event;
    std::map<std::string, std::string> keys;  // container -> last state key
    std::map<std::string, ContainerLogs> logs;
  };
  struct PodSummary {
    bool all_ready = true, all_started = true, all_done = true, any_failed = false, job_pod = false;
    std::string unready;  // names of the containers not ready
  };
  void Step(const json& pod, PodState& st);
  // The containerStatuses of `pod` now, recording events and logs.
  json Containers(const json& pod, PodState& st, PodSummary* sum);
  bool Schedule(const json& pod, PodState& st, json& status);
  std::string ConfigError(const json& pod, const json& container) const;
  void Transition(const json& pod, const json& container, const std::string& from,
                  const std::string& to);

  Store& store_;
  const SimClock& clock_;
  const Rules& rules_;
  EventRecorder& events_;
  std::map<std::string, PodState> pods_;  // by uid
};

}  // namespace qareports::emulator
