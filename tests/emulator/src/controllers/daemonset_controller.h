// The DaemonSet controller: one pod per node the set may run on (its
// nodeSelector matches the node's labels and it tolerates the node's
// NoSchedule taints, so Fargate nodes are left out as on EKS), bound to
// that node; a RollingUpdate replaces pods of an old template at most
// maxUnavailable at a time. Status carries the counts `kubectl rollout
// status` compares.
#pragma once
#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class DaemonSetController {
 public:
  DaemonSetController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Sync(const json& set);
  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
