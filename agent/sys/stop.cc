#include "sys/stop.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <limits>
#include <mutex>
#include <string>

namespace qareports::sys {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
// Kept back from the grace for what follows the last request: the report and the exit.
constexpr double kMarginSeconds = 1.5;

std::atomic<int> stop_signal{0};
std::atomic<int64_t> stopped_at{kNever};   // monotonic ns of the signal or RequestStop
std::atomic<int64_t> work_until{kNever};   // monotonic ns: the deadline's share for the work
std::atomic<int64_t> deadline_at{kNever};  // monotonic ns: the job must have ended
std::atomic<int64_t> deadline_seconds{0};
std::atomic<bool> final_cleanup{false};
std::mutex reason_mu;
std::string requested_reason;

int64_t NowNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

extern "C" void OnStopSignal(int signal) {
  int none = 0;
  if (stop_signal.compare_exchange_strong(none, signal)) {
    int64_t never = kNever;
    stopped_at.compare_exchange_strong(never, NowNs());
  }
}

double Seconds(int64_t ns) { return static_cast<double>(ns) / 1e9; }

}  // namespace

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool StopRequested() { return stopped_at.load() != kNever || NowNs() >= work_until.load(); }

std::string StopReason() {
  int signal = stop_signal.load();
  if (signal == SIGTERM) return "SIGTERM";
  if (signal == SIGINT) return "SIGINT";
  {
    std::lock_guard<std::mutex> guard(reason_mu);
    if (!requested_reason.empty()) return requested_reason;
  }
  if (NowNs() >= work_until.load()) {
    return "--timeout (" + std::to_string(deadline_seconds.load()) + " s) ran out";
  }
  return "";
}

double CleanupSecondsLeft() {
  int64_t now = NowNs();
  int64_t end = deadline_at.load();
  if (int64_t at = stopped_at.load(); at != kNever) {
    end = std::min(end, at + static_cast<int64_t>((kStopGraceSeconds - kMarginSeconds) * 1e9));
  }
  if (end == kNever) return std::numeric_limits<double>::max();
  double reserve = final_cleanup.load() ? 0 : kReleaseReserveSeconds;
  return std::max(0.0, Seconds(end - now) - reserve);
}

double RequestSecondsAllowed(double timeout_seconds) {
  if (!StopRequested()) return timeout_seconds;
  double left = std::max(0.001, CleanupSecondsLeft());
  if (timeout_seconds <= 0) return left;
  return std::min({timeout_seconds, left, std::max(0.3, left / 3)});
}

void SetDeadline(double seconds) {
  // The cleanup's reserve: what a stopped job has, or a third of a short deadline.
  double reserve = std::min(kStopGraceSeconds - kMarginSeconds, seconds / 3);
  int64_t now = NowNs();
  deadline_seconds.store(static_cast<int64_t>(seconds));
  deadline_at.store(now + static_cast<int64_t>(seconds * 1e9));
  work_until.store(now + static_cast<int64_t>((seconds - reserve) * 1e9));
}

void FinalCleanup() { final_cleanup.store(true); }

void RequestStop(const std::string& reason) {
  {
    std::lock_guard<std::mutex> guard(reason_mu);
    requested_reason = reason;
  }
  int64_t never = kNever;
  stopped_at.compare_exchange_strong(never, NowNs());
}

void ClearStop() {
  stop_signal.store(0);
  stopped_at.store(kNever);
  work_until.store(kNever);
  deadline_at.store(kNever);
  final_cleanup.store(false);
  std::lock_guard<std::mutex> guard(reason_mu);
  requested_reason.clear();
}

}  // namespace qareports::sys
