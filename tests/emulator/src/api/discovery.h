// What clients read before anything else: /version, API discovery in the
// aggregated (APIGroupDiscoveryList) and legacy forms, and the minimal
// OpenAPI v3 documents kubectl needs to validate through the server.
#pragma once
#include <string>

#include "api/api_request.h"

namespace qareports::emulator {

// Answers a discovery path, or returns false when `path` is not one.
bool ServeDiscovery(const std::string& path, const std::string& accept, ApiResponse* out);

}  // namespace qareports::emulator
