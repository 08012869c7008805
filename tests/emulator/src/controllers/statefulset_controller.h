// The StatefulSet controller: pods `<set>-0` … `<set>-N-1` with stable
// names (hostname and subdomain from serviceName), created in order, each
// once the one before is ready (podManagementPolicy OrderedReady) or all at
// once (Parallel), removed from the highest ordinal down; a RollingUpdate
// replaces pods of an old revision from the highest ordinal down to the
// partition, one at a time, each once all are ready. Status carries the
// current and update revisions `kubectl rollout status` compares.
#pragma once
#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class StatefulSetController {
 public:
  StatefulSetController(Store& store, const SimClock& clock, EventRecorder& events)
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
