// Reads one environment's section of the config (kube, values, secrets,
// timeouts, checks, gate), recording problems rather than stopping at the
// first. Cross-environment references are checked by the loader. Pure.
#pragma once

#include <yaml-cpp/yaml.h>

#include "config/config.h"
#include "config/yaml_reader.h"

namespace qareports::config {

Environment ReadEnvironment(const std::string& name, const YAML::Node& node, Problems& problems);

// The keys a check of `kind` accepts besides name and kind; empty when the
// kind is unknown. Those of them that are required come first, `required` many.
struct CheckKeys {
  std::vector<std::string> keys;
  size_t required = 0;
};
std::optional<CheckKeys> KeysOfCheck(const std::string& kind);
std::vector<std::string> CheckKinds();

}  // namespace qareports::config
