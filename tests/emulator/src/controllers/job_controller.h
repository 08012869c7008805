// The Job controller: runs pods from the template until `completions`
// succeed (Complete, with SuccessCriteriaMet) or more than backoffLimit fail
// (Failed, with FailureTarget), with the exponential back-off between
// failed pods on the simulated clock.
#pragma once
#include <vector>

#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class JobController {
 public:
  JobController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  struct PodCounts {
    int active = 0, succeeded = 0, failed = 0, ready = 0, restarts = 0;
    SimTime last_failure{};
  };
  void Sync(const json& job);
  PodCounts CountPods(const std::vector<json>& pods) const;
  // Creates pods up to parallelism, after the back-off that follows a failure.
  void StartPods(const json& job, PodCounts& c);
  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
