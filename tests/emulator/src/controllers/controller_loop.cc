#include "controllers/controller_loop.h"

#include <cstdio>
#include <mutex>

namespace qareports::emulator {

ControllerLoop::ControllerLoop(Store& store, const SimClock& clock, const Rules& rules)
    : store_(store),
      events_(store, clock),
      pods_(store, clock, rules, events_),
      replicasets_(store, clock, events_),
      deployments_(store, clock, events_),
      jobs_(store, clock, events_),
      cronjobs_(store, clock, events_),
      statefulsets_(store, clock, events_),
      daemonsets_(store, clock, events_),
      cluster_(store, clock),
      nodes_(store, clock, rules),
      endpoints_(store, clock) {}

ControllerLoop::~ControllerLoop() { Stop(); }

void ControllerLoop::Step() {
  nodes_.Tick();
  cluster_.Tick();
  deployments_.Tick();
  replicasets_.Tick();
  cronjobs_.Tick();
  statefulsets_.Tick();
  daemonsets_.Tick();
  jobs_.Tick();
  pods_.Tick();
  endpoints_.Tick();
}

void ControllerLoop::Start() {
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      {
        std::lock_guard<std::mutex> lock(store_.mutex());
        try {
          Step();
        } catch (const std::exception& e) {
          std::fprintf(stderr, "qareports-emulator: controller step failed: %s\n", e.what());
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

void ControllerLoop::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace qareports::emulator
