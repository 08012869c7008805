// Reads the Terraform parts of the config: the top-level `terraform` section
// (binary, backend settings every layer shares) and an environment's
// `terraform` (its layers in order, and which manifest values come from
// which outputs). Problems are recorded, not thrown. Pure.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>

#include "config/config.h"
#include "config/yaml_reader.h"

namespace qareports::config {

// `node` is the top-level `terraform` mapping (absent: the defaults).
void ReadTerraformSettings(const YAML::Node& node, Config& config, Problems& problems);
// `node` is environments.<name>.terraform; nullopt when absent.
std::optional<Terraform> ReadTerraform(const YAML::Node& node, const std::string& field, Problems& problems);

}  // namespace qareports::config
