// The simulated life of one container as a pure function of time since
// its pod was scheduled: creating, running, crash-looping with growing
// back-off, failing to pull, completing (Job pods). The pod simulator turns
// these views into containerStatuses and events.
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "controllers/rules.h"
#include "controllers/sim_clock.h"

namespace qareports::emulator {

using json = nlohmann::json;

struct ContainerView {
  json state;        // {"running":{..}} | {"waiting":{..}} | {"terminated":{..}}
  json last_state;   // {} or {"terminated":{..}}
  bool ready = false;
  bool started_once = false;
  bool terminated = false;
  bool succeeded = false;
  int restarts = 0;
  int runs = 0;      // how many times the container has started
  std::string key;   // changes exactly when an event-worthy transition happens
};

struct ContainerInput {
  std::string name;
  std::string image;
  std::string pod_name;
  std::string pod_uid;
  ImageRule rule;
  bool job_pod = false;            // restartPolicy Never or OnFailure
  bool restart_on_failure = false; // restartPolicy OnFailure: crashes restart in place
  std::string config_error;  // non-empty: CreateContainerConfigError
};

// The container `since` after scheduling; `scheduled_at` stamps times.
ContainerView ComputeContainer(const ContainerInput& in, std::chrono::milliseconds since,
                               SimTime scheduled_at);

}  // namespace qareports::emulator
