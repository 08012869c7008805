// GET .../pods/NAME/log: a container's log lines as text, with container,
// previous, tailLines and follow (a stream that ends when the container
// stops or the pod is deleted).
#pragma once
#include <httplib.h>

#include <atomic>

#include "api/api_request.h"
#include "controllers/pod_simulator.h"
#include "storage/store.h"

namespace qareports::emulator {

// Fills `res`; throws ApiError (404 unknown pod, 400 bad container or a
// container that has not started).
void ServePodLogs(Store& store, PodSimulator& pods, const ApiRequest& req,
                  const std::atomic<bool>& stopping, httplib::Response& res);

}  // namespace qareports::emulator
