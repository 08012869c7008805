// Time, behind an interface so that reports and waits can be tested without
// waiting. Now() is wall-clock time; Elapsed() a monotonic reading in seconds.
#pragma once

#include <chrono>

namespace qareports::sys {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Seconds on a monotonic clock, for measuring durations.
  virtual double Elapsed() const = 0;
  // Waits (a fake clock just moves on). Returns false when the wait was cut
  // short because the job is being stopped.
  virtual bool SleepFor(double seconds) const = 0;
  // Waits whatever happens: for short, bounded waits that cleanup after a
  // stop request still needs (retries of API calls).
  virtual void Pause(double seconds) const = 0;
};

class RealClock : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override { return std::chrono::system_clock::now(); }
  double Elapsed() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  bool SleepFor(double seconds) const override;
  void Pause(double seconds) const override;
};

}  // namespace qareports::sys
