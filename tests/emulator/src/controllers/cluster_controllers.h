// The smaller controllers: the HorizontalPodAutoscaler (status, and
// keeping its target within min/max), the garbage collector (cascading
// deletion by ownerReferences, foreground deletion, finalizers) and the
// namespace lifecycle (default ServiceAccount, termination).
#pragma once
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class ClusterControllers {
 public:
  ClusterControllers(Store& store, const SimClock& clock) : store_(store), clock_(clock) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Autoscalers();
  void CollectGarbage();
  void Namespaces();
  Store& store_;
  const SimClock& clock_;
};

}  // namespace qareports::emulator
