// JSON values written as YAML documents, for printing manifests: strings that
// YAML would read as another type are quoted, multi-line strings become
// literal blocks. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace qareports::util {

std::string ToYaml(const nlohmann::json& value);

}  // namespace qareports::util
