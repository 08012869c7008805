// YAML to JSON, for apply bodies sent as YAML, the rules file and state
// files. Plain scalars become numbers, booleans or null as YAML 1.1 core
// types say; quoted scalars stay strings.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace YAML { class Node; }

namespace qareports::emulator {

nlohmann::json YamlToJson(const YAML::Node& node);
// Parses JSON, falling back to YAML. Throws std::exception when neither.
nlohmann::json ParseJsonOrYaml(const std::string& text);

}  // namespace qareports::emulator
