// Stand-ins for the side-effect interfaces: an environment from a map and a
// clock that moves only when told. Files stay real (temporary directories).
#pragma once

#include <map>
#include <string>

#include "sys/clock.h"
#include "sys/environment.h"

namespace qareports::testing {

class FakeEnvironment : public sys::Environment {
 public:
  std::map<std::string, std::string> vars;
  std::optional<std::string> Get(const std::string& name) const override {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
};

class FakeClock : public sys::Clock {
 public:
  mutable std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1795993200));
  mutable double elapsed = 100;
  std::chrono::system_clock::time_point Now() const override { return now; }
  double Elapsed() const override { return elapsed; }
  // Moves time on instead of waiting.
  bool SleepFor(double seconds) const override {
    slept += seconds;
    elapsed += seconds;
    now += std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds));
    return true;
  }
  void Pause(double seconds) const override { SleepFor(seconds); }
  mutable double slept = 0;
};

}  // namespace qareports::testing
