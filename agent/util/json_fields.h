// Fields of JSON that a server or a file wrote, read without trusting its
// shape: a member that is absent or of another type is the fallback, never an
// exception, an assertion or undefined behaviour. (A const json's operator[]
// asserts the key is there; `value(key, 0)` converts a floating-point number
// past the integer's range, which is undefined behaviour.)
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace qareports::util {

// Deeper than any object Kubernetes, Terraform, a registry or SQUAD writes.
inline constexpr size_t kMaxJsonDepth = 1000;

// `text` parsed, or a discarded value when it is not JSON or nests arrays
// and objects deeper than kMaxJsonDepth. nlohmann parses any depth without
// recursion, but copies, compares and writes a value by recursion: 100,000
// nested arrays (200 KB) overflowed the stack when the value was copied.
// `callback` is nlohmann's parser callback (what to keep).
nlohmann::json ParseJson(std::string_view text, const nlohmann::json::parser_callback_t& callback = nullptr);

// The member `key` of `object` when it is an object; an empty object otherwise.
const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key);

// The member `key` of `object` when it is an integer within long's range;
// `fallback` otherwise (absent, a string, a floating-point number, too large).
long IntegerField(const nlohmann::json& object, const char* key, long fallback);

}  // namespace qareports::util
