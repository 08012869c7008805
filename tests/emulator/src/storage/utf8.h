// UTF-8 as a strict decoder takes it (Go's for JSON and protobuf strings,
// Python's for SQUAD's files): no overlong forms, no surrogates, nothing
// past U+10FFFF. Pure.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace qareports::emulator {

// The length of the valid sequence at s[i]; 0 when there is none.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);
bool ValidUtf8(std::string_view s);
// `s` with each byte that begins no valid sequence replaced by U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view s);

}  // namespace qareports::emulator
