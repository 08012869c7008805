// Strict field validation: the known fields of every kind the emulator
// serves, so that unknown fields are rejected (fieldValidation=Strict) or
// dropped with a warning (Warn, Ignore) as a real server does.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace qareports::emulator {

using json = nlohmann::json;

// Paths of the fields of `object` that `kind` does not declare, as
// "spec.template.spec.containers[0].foo". When `drop` is true they are
// also removed from the object.
std::vector<std::string> UnknownFields(const std::string& api_version, const std::string& kind,
                                       json& object, bool drop);

}  // namespace qareports::emulator
