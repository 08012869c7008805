// Seeded, reproducible fault injection: per verb and resource, an error
// rate (500, 503, 429 with Retry-After), added latency, connection resets,
// requests that hang, watches that end early, and a bound on the requests
// served at once (priority and fairness). Set by --faults or the
// admin endpoint; see docs/emulator.md for the syntax.
#pragma once
#include <chrono>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace qareports::emulator {

struct FaultRule {
  std::string kind;  // error latency reset hang watch-end inflight
  int code = 500;
  int seats = 0;  // inflight: requests served at once
  std::chrono::milliseconds duration{0};
  double probability = 1.0;
  std::string verb;      // "" = any; "|"-separated alternatives
  std::string resource;  // "" = any
  long times = -1;       // -1 = unlimited
};

struct FaultAction {
  int error_code = 0;  // 0 = none
  std::chrono::milliseconds latency{0};
  bool reset = false;
  bool hang = false;
  std::chrono::milliseconds watch_end{0};  // 0 = watches run their course
  int seats = 0;  // > 0: at most this many requests served at once, the rest refused (429)
};

class Faults {
 public:
  // Replaces the rules; returns false (with a message) on a bad spec.
  bool Set(const std::string& spec, std::string* error);
  std::string spec() const;
  // What to do to one request.
  FaultAction Decide(const std::string& verb, const std::string& resource);

 private:
  mutable std::mutex mu_;
  std::string spec_;
  std::vector<FaultRule> rules_;
  std::mt19937_64 rng_{1};
};

}  // namespace qareports::emulator
