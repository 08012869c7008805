#include "controllers/sim_clock.h"

#include <cstdio>
#include <ctime>

namespace qareports::emulator {

SimClock::SimClock(double scale)
    : scale_(scale > 0 ? scale : 1.0),
      // A faster clock starts a day back, so that it stays behind the real
      // one (clients compute ages against real time) for a long run.
      start_wall_(std::chrono::system_clock::now() -
                  (scale > 1.0 ? std::chrono::hours(24) : std::chrono::hours(0))),
      start_steady_(std::chrono::steady_clock::now()) {}

SimTime SimClock::Now() const {
  auto real = std::chrono::steady_clock::now() - start_steady_;
  auto scaled = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double, std::nano>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(real).count() * scale_));
  return start_wall_ + scaled;
}

std::chrono::milliseconds SimClock::ToReal(std::chrono::milliseconds simulated) const {
  return std::chrono::milliseconds(static_cast<long long>(simulated.count() / scale_));
}

static std::string FormatWith(SimTime t, bool micro) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micro) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
    char frac[32];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(us));
    out += frac;
  }
  return out + "Z";
}

std::string FormatTime(SimTime t) { return FormatWith(t, false); }
std::string FormatMicroTime(SimTime t) { return FormatWith(t, true); }

bool ParseTime(const std::string& text, SimTime* out) {
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return false;
  long long micros = 0;
  if (*rest == '.') {
    ++rest;
    int digits = 0;
    while (*rest >= '0' && *rest <= '9') {
      if (digits < 6) micros = micros * 10 + (*rest - '0');
      ++digits;
      ++rest;
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  std::time_t tt = timegm(&tm);
  *out = std::chrono::system_clock::from_time_t(tt) + std::chrono::microseconds(micros);
  return true;
}

bool ParseDuration(const std::string& text, std::chrono::milliseconds* out) {
  if (text.empty()) return false;
  std::size_t pos = 0;
  double value = 0;
  try {
    value = std::stod(text, &pos);
  } catch (...) {
    return false;
  }
  std::string unit = text.substr(pos);
  double ms = 0;
  if (unit == "ms") ms = value;
  else if (unit == "s" || unit.empty()) ms = value * 1000;
  else if (unit == "m") ms = value * 60000;
  else if (unit == "h") ms = value * 3600000;
  else return false;
  *out = std::chrono::milliseconds(static_cast<long long>(ms));
  return true;
}

}  // namespace qareports::emulator
