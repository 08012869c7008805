// The endpoints controller: for every Service with a selector (not
// ExternalName), an Endpoints object of the same name listing the pods the
// selector matches, ready ones under `addresses`, the others under
// `notReadyAddresses`, with the Service's ports resolved to the pods'
// target ports. Endpoints of a Service that is gone are deleted.
#pragma once
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class EndpointsController {
 public:
  EndpointsController(Store& store, const SimClock& clock) : store_(store), clock_(clock) {}
  // REQUIRES: the store mutex held.
  void Tick();

 private:
  Store& store_;
  const SimClock& clock_;
};

}  // namespace qareports::emulator
