// Fields of JSON that a server or a file wrote, read without trusting its
// shape: a member that is absent or of another type is the fallback, never an
// exception, an assertion or undefined behaviour. (A const json's operator[]
// asserts the key is there; `value(key, 0)` converts a floating-point number
// past the integer's range, which is undefined behaviour.)
#pragma once

#include <nlohmann/json.hpp>

namespace qareports::util {

// The member `key` of `object` when it is an object; an empty object otherwise.
const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key);

// The member `key` of `object` when it is an integer within long's range;
// `fallback` otherwise (absent, a string, a floating-point number, too large).
long IntegerField(const nlohmann::json& object, const char* key, long fallback);

}  // namespace qareports::util
