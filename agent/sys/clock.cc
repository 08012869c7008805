#include "sys/clock.h"

#include <thread>

namespace qareports::sys {

bool RealClock::SleepFor(double seconds) const {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  return true;
}

}  // namespace qareports::sys
