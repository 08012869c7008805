// The ReplicaSet controller, which is also the ReplicationController's
// (the two differ only in their selector's form): keeps as many pods as
// spec.replicas (creating from the template, deleting the least ready
// first) and reports replica counts in status.
#pragma once
#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class ReplicaSetController {
 public:
  ReplicaSetController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Sync(const std::string& key, const json& rs);
  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
