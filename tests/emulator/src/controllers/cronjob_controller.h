// The CronJob controller, on the simulated clock: at each scheduled minute
// (the most recent one missed, as the real controller does) it creates a
// Job `<cronjob>-<minutes since the epoch>` from the jobTemplate, honouring
// suspend, startingDeadlineSeconds and concurrencyPolicy (Allow, Forbid,
// Replace); it keeps status.active, lastScheduleTime and lastSuccessfulTime,
// and deletes finished Jobs beyond the history limits.
#pragma once
#include "controllers/event_recorder.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class CronJobController {
 public:
  CronJobController(Store& store, const SimClock& clock, EventRecorder& events)
      : store_(store), clock_(clock), events_(events) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  void Sync(const json& cronjob);
  Store& store_;
  const SimClock& clock_;
  EventRecorder& events_;
};

}  // namespace qareports::emulator
