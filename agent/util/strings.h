// Small string helpers shared by the agent. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qareports::util {

std::string Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// The last `lines` lines of `text`, trimmed (what a program said last).
std::string LastLines(std::string_view text, size_t lines);
// An answer's body as one line of at most `max` bytes (then "…"): an HTML
// page's tags dropped, runs of white space made one space.
std::string OneLine(std::string_view body, size_t max);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Percent-encodes all but RFC 3986's unreserved characters, for a query value.
std::string UrlEncode(std::string_view s);

// The candidate closest to `word` by edit distance, when it is close enough to
// be a likely typo (distance at most a third of the word, at least 1).
std::optional<std::string> Nearest(std::string_view word, const std::vector<std::string>& candidates);

// Parses "90s", "10m", "24h", "1h30m", "2d" into seconds; nullopt when not a duration.
std::optional<long> ParseDuration(std::string_view text);
// An RFC 1123 label, as Kubernetes names namespaces: 1 to 63 of [a-z0-9-],
// starting and ending with a letter or digit.
bool IsDnsLabel(std::string_view name);
// The other way: 86400 -> "1d", 5400 -> "1h30m", 0 -> "0s" (the two largest units).
std::string FormatDuration(long seconds);

}  // namespace qareports::util
