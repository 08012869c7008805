// The dev environment's cluster when no kubeconfig names one: the embedded
// Kubernetes API emulator (qareports-emulator), started in the background
// for the purpose, its kubeconfig, log and state kept under
// $XDG_STATE_HOME/qareports/dev (~/.local/state/qareports/dev) where the
// next dev command finds it. Touches processes and files.
#pragma once

#include <optional>
#include <string>

#include "sys/environment.h"
#include "util/result.h"

namespace qareports::dev {

struct LocalCluster {
  std::string kubeconfig;
  std::string context = "emulator";
  int pid = 0;
};

// Where it lives.
std::string LocalClusterDir(const sys::Environment& env);
// The running one, if any (its kubeconfig exists and its process lives).
std::optional<LocalCluster> FindLocalCluster(const sys::Environment& env);
// The running one, or a new one. Unavailable when the emulator binary
// cannot be found ($QAREPORTS_EMULATOR, beside qareports, its build tree,
// PATH) or does not come up within seconds.
Result<LocalCluster> StartLocalCluster(const sys::Environment& env);
// Stops it (SIGTERM; it writes its state) and removes its files, waiting up
// to 5 s for it to go (less when the job is asked to stop: its files then stay).
void StopLocalCluster(const sys::Environment& env);

}  // namespace qareports::dev
