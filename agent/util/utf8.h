// UTF-8 as JSON and XML need it: strict decoding (no overlong forms, no
// surrogates, nothing past U+10FFFF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace qareports::util {

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 when invalid.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t& cp);
bool IsValidUtf8(std::string_view s);
// `s` with each byte that does not begin a valid sequence replaced by U+FFFD,
// as Python's decode(errors="replace") does for most malformed input.
std::string ValidUtf8(std::string_view s);

}  // namespace qareports::util
