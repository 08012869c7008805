// Time as text for reports and logs. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace qareports::util {

// "2026-11-24T23:02:43Z" (UTC, whole seconds).
std::string Iso8601(std::chrono::system_clock::time_point t);

// Parses RFC 3339 ("2026-11-24T23:02:43Z", "…43.123456Z", "…43+01:00") to
// the second (a fraction is dropped); nullopt when it is not such a time.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(const std::string& text);

}  // namespace qareports::util
