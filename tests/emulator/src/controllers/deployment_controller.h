// The Deployment controller: one ReplicaSet per pod template (named
// <deployment>-<hash>, with revisions and their reuse), rolling updates
// within maxSurge/maxUnavailable, Recreate, revisionHistoryLimit, and the
// status and conditions `kubectl rollout status` reads, including
// ProgressDeadlineExceeded on the simulated clock.
#pragma once
#include <vector>

#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class DeploymentController {
 public:
  DeploymentController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Sync(const json& d);
  // The ReplicaSet running the deployment's template, created or
  // re-revisioned as needed; sets *created when it is new.
  json NewReplicaSet(const json& d, std::vector<json>& rss, bool* created);
  void Scale(const json& d, json& rs, int replicas);
  void RollingUpdate(const json& d, json& new_rs, std::vector<json>& old);
  struct Counts {
    int replicas = 0, updated = 0, ready = 0, available = 0;
  };
  Counts Count(const json& new_rs, const std::vector<json>& all);
  void UpdateStatus(const json& d, const json& new_rs, const std::vector<json>& all, bool created);
  // The Progressing condition, as `kubectl rollout status` reads it.
  void SetProgressing(const json& d, json& conds, const Counts& c, const json& old_status,
                      const std::string& rs_name, bool created);
  void CleanupHistory(const json& d, std::vector<json>& old);

  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
