#include "config/terraform_reader.h"

#include <regex>
#include <set>

#include "util/linear_regex.h"

namespace qareports::config {
namespace {

const std::regex kIdentifier("[A-Za-z_][-A-Za-z0-9_]*", util::kLinearRegex);
const std::regex kVariableName("[A-Za-z_][A-Za-z0-9_]*", util::kLinearRegex);
const std::regex kBackendKey("[a-z_][a-z0-9_]*", util::kLinearRegex);

std::optional<TerraformLayer> ReadLayer(const YAML::Node& node, const std::string& field, Problems& problems) {
  YamlMap map(node, field, problems);
  if (!map.valid()) return std::nullopt;
  TerraformLayer layer;
  layer.name = map.String("name", true).value_or("");
  layer.dir = map.String("dir", true).value_or("");
  const char* backend_rule = "must be a backend setting's name (lower-case letters, digits, '_')";
  layer.backend = ReadScalarMap(map.Take("backend"), map.Field("backend"), kBackendKey, backend_rule, problems);
  layer.vars = ReadScalarMap(map.Take("vars"), map.Field("vars"), kVariableName,
                           "must be a Terraform variable name (letters, digits, '_')", problems);
  layer.secret_vars = ReadEnvSources(map.Take("secret_vars"), map.Field("secret_vars"), kVariableName,
                                     "must be a Terraform variable name (letters, digits, '_')", problems);
  for (const auto& [name, value] : layer.vars) {
    if (layer.secret_vars.count(name)) {
      problems.Add(Child(Child(node, "vars"), name), map.Field("vars") + "." + name, "is also in secret_vars");
    }
  }
  if (!layer.name.empty() && !std::regex_match(layer.name, kIdentifier)) {
    problems.Add(Child(node, "name"), map.Field("name"), "must be letters, digits, '-' and '_'");
  }
  map.RejectUnknown();
  if (layer.name.empty() || layer.dir.empty()) return std::nullopt;
  return layer;
}

}  // namespace

void ReadTerraformSettings(const YAML::Node& node, Config& config, Problems& problems) {
  if (!node || node.IsNull()) return;
  YamlMap map(node, "terraform", problems);
  if (!map.valid()) return;
  config.terraform_binary = map.String("binary", false).value_or(config.terraform_binary);
  config.terraform_backend = ReadScalarMap(map.Take("backend"), "terraform.backend", kBackendKey,
                                         "must be a backend setting's name (lower-case letters, digits, '_')",
                                         problems);
  map.RejectUnknown();
}

std::optional<Terraform> ReadTerraform(const YAML::Node& node, const std::string& field, Problems& problems) {
  if (!node || node.IsNull()) return std::nullopt;
  YamlMap map(node, field, problems);
  if (!map.valid()) return std::nullopt;
  Terraform terraform;
  YAML::Node layers = map.Take("layers");
  if (!layers || !layers.IsSequence() || layers.size() == 0) {
    problems.Add(layers ? layers : node, map.Field("layers"), "must list at least one layer (name, dir)");
  }
  std::set<std::string> names;
  for (size_t i = 0; layers && layers.IsSequence() && i < layers.size(); ++i) {
    std::string item = map.Field("layers") + "[" + std::to_string(i) + "]";
    std::optional<TerraformLayer> layer = ReadLayer(layers[i], item, problems);
    if (!layer) continue;
    if (!names.insert(layer->name).second) {
      problems.Add(Child(layers[i], "name"), item + ".name", "\"" + layer->name + "\" is used twice");
    }
    terraform.layers.push_back(*layer);
  }
  YAML::Node outputs = map.Take("outputs");
  terraform.outputs = ReadScalarMap(outputs, map.Field("outputs"), kVariableName,
                                  "must be a manifest value's name (letters, digits, '_')", problems);
  for (const auto& [value, source] : terraform.outputs) {
    size_t dot = source.find('.');
    std::string layer = dot == std::string::npos ? "" : source.substr(0, dot);
    if (dot == std::string::npos || dot + 1 == source.size() || !names.count(layer)) {
      problems.Add(Child(outputs, value), map.Field("outputs") + "." + value,
                   "\"" + source + "\" must be <layer>.<output>, the layer one of this environment's");
    }
  }
  map.RejectUnknown();
  return terraform;
}

}  // namespace qareports::config
