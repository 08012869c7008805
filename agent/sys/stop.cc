#include "sys/stop.h"

#include <atomic>
#include <csignal>

namespace qareports::sys {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void OnStopSignal(int) { stop_requested.store(true); }

}  // namespace

void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool StopRequested() { return stop_requested.load(); }
void RequestStop() { stop_requested.store(true); }
void ClearStop() { stop_requested.store(false); }

}  // namespace qareports::sys
