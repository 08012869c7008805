// Watches: a chunked stream of newline-delimited JSON events (ADDED,
// MODIFIED, DELETED, BOOKMARK, ERROR) from a resourceVersion, filtered by
// namespace and selectors, ending at timeoutSeconds, at shutdown, on an
// injected early end, or with a 410 ERROR event when the version is too old.
#pragma once
#include <httplib.h>

#include <atomic>
#include <chrono>

#include "api/api_request.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

// Sets up `res` to stream the watch. Throws ApiError for bad parameters.
void StartWatch(Store& store, const SimClock& clock, const ApiRequest& req,
                std::chrono::milliseconds early_end, const std::atomic<bool>& stopping,
                httplib::Response& res);

}  // namespace qareports::emulator
