#include "sys/clock.h"

#include <algorithm>
#include <thread>

#include "sys/stop.h"

namespace qareports::sys {

bool RealClock::SleepFor(double seconds) const {
  // In short steps, so that a stop request cuts the wait short.
  double end = Elapsed() + seconds;
  for (double left = seconds; left > 0; left = end - Elapsed()) {
    if (StopRequested()) return false;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(left, 0.05)));
  }
  return !StopRequested();
}

void RealClock::Pause(double seconds) const {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

}  // namespace qareports::sys
