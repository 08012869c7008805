// core/v1 Events as controllers and the kubelet write them: one Event per
// (object, reason, message), its count and lastTimestamp bumped when the
// same thing happens again. Writes to the store.
#pragma once
#include <map>
#include <string>

#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class EventRecorder {
 public:
  EventRecorder(Store& store, const SimClock& clock) : store_(store), clock_(clock) {}
  // REQUIRES: the store mutex held. `involved` is the object (any kind).
  void Record(const json& involved, const std::string& type, const std::string& reason,
              const std::string& message, const std::string& component,
              const std::string& field_path = "");

 private:
  Store& store_;
  const SimClock& clock_;
  std::map<std::string, std::string> names_;  // dedup key -> event name
  unsigned long long last_nanos_ = 0;
};

}  // namespace qareports::emulator
