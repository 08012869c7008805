// Time as text for reports and logs. Pure.
#pragma once

#include <chrono>
#include <string>

namespace qareports::util {

// "2026-11-24T23:02:43Z" (UTC, whole seconds).
std::string Iso8601(std::chrono::system_clock::time_point t);

}  // namespace qareports::util
