// Reads the config's `report` section: where else the results of every job
// go (`report.squad`: a SQUAD instance, its group and project, and the CI
// variable with the submit token). Problems are recorded, not thrown. Pure.
#pragma once

#include <yaml-cpp/yaml.h>

#include "config/config.h"
#include "config/yaml_reader.h"

namespace qareports::config {

// `node` is the top-level `report` mapping (absent: nothing is submitted).
void ReadReport(const YAML::Node& node, Config& config, Problems& problems);

}  // namespace qareports::config
