// The simulated clock: wall time that runs N times faster than real time
// from the moment the emulator starts (--time-scale). Every timestamp the
// emulator writes and every deadline its controllers honour use it.
#pragma once
#include <chrono>
#include <string>

namespace qareports::emulator {

using SimTime = std::chrono::system_clock::time_point;

class SimClock {
 public:
  explicit SimClock(double scale = 1.0);
  SimTime Now() const;
  double scale() const { return scale_; }
  // Real duration that corresponds to a simulated one.
  std::chrono::milliseconds ToReal(std::chrono::milliseconds simulated) const;

 private:
  double scale_;
  std::chrono::system_clock::time_point start_wall_;
  std::chrono::steady_clock::time_point start_steady_;
};

// RFC 3339 with seconds ("2026-01-02T03:04:05Z"), as metav1.Time.
std::string FormatTime(SimTime t);
// RFC 3339 with exactly six fraction digits, as metav1.MicroTime.
std::string FormatMicroTime(SimTime t);
// Parses either form; returns false when the text is not a time.
bool ParseTime(const std::string& text, SimTime* out);
// Parses "2s", "500ms", "1m", "1h"; returns false on bad input.
bool ParseDuration(const std::string& text, std::chrono::milliseconds* out);

}  // namespace qareports::emulator
