// How deeply a JSON value nests, measured without recursion. A real API
// server decodes bodies with Go's encoding/json, which refuses nesting
// deeper than 10,000 ("exceeded max depth"); the emulator refuses the same,
// before patches, apply or serialising (all recursive) see the body. Pure.
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>

namespace qareports::emulator {

// Go's encoding/json maxNestingDepth.
constexpr std::size_t kMaxJsonDepth = 10000;

// True when arrays and objects nest more than `limit` deep (a top-level
// array or object is depth 1; scalars are depth 0).
bool NestsDeeperThan(const nlohmann::json& value, std::size_t limit);

}  // namespace qareports::emulator
