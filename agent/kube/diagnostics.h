// Why a pod or Job failed, in words an operator can act on: its recent
// events and the last lines of its log. Reads the cluster.
#pragma once

#include <string>

#include "kube/client.h"

namespace qareports::kube {

// "Warning BackOff (x3): Back-off restarting failed container" lines for the
// object's events, oldest first.
std::string EventsOf(kube::Client& client, const std::string& ns, const std::string& kind, const std::string& name);

// The last `lines` lines of a container's log (the previous run's when the
// container is waiting to restart); empty container: the pod's first.
std::string LogTail(kube::Client& client, const std::string& ns, const std::string& pod, std::string container,
                    int lines = 50);

}  // namespace qareports::kube
