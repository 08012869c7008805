// The Job controller: runs pods from the template until `completions`
// succeed (Complete, with SuccessCriteriaMet) or more than backoffLimit fail
// (Failed, with FailureTarget), with the exponential back-off between
// failed pods on the simulated clock.
#pragma once
#include "event_recorder.h"
#include "sim_clock.h"
#include "store.h"

namespace qareports::emulator {

class JobController {
 public:
  JobController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Sync(const json& job);
  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
