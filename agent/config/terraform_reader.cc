#include "config/terraform_reader.h"

#include <regex>
#include <set>

namespace qareports::config {
namespace {

const std::regex kIdentifier("[A-Za-z_][-A-Za-z0-9_]*");
const std::regex kVariableName("[A-Za-z_][A-Za-z0-9_]*");
const std::regex kBackendKey("[a-z_][a-z0-9_]*");

// A mapping of scalars whose keys match `key_pattern`.
std::map<std::string, std::string> ReadScalars(const YAML::Node& node, const std::string& field,
                                               const std::regex& key_pattern, const char* key_rule,
                                               Problems& problems) {
  std::map<std::string, std::string> out;
  if (!node || node.IsNull()) return out;
  YamlMap map(node, field, problems);
  if (!map.valid()) return out;
  for (const auto& pair : node) {
    std::string key = pair.first.Scalar();
    if (!std::regex_match(key, key_pattern)) {
      problems.Add(pair.first, map.Field(key), key_rule);
    } else if (!pair.second.IsScalar()) {
      problems.Add(pair.second, map.Field(key), "must be a string, number or boolean");
    } else {
      out[key] = pair.second.Scalar();
    }
  }
  return out;
}

std::map<std::string, std::string> ReadSecretVars(const YAML::Node& node, const std::string& field,
                                                  Problems& problems) {
  std::map<std::string, std::string> out;
  if (!node || node.IsNull()) return out;
  YamlMap map(node, field, problems);
  if (!map.valid()) return out;
  for (const auto& pair : node) {
    std::string key = pair.first.Scalar();
    if (!std::regex_match(key, kVariableName)) {
      problems.Add(pair.first, map.Field(key), "must be a Terraform variable name (letters, digits, '_')");
      continue;
    }
    YamlMap source(pair.second, map.Field(key), problems);
    std::optional<std::string> env = source.String("env", true);
    source.RejectUnknown();
    if (!env) continue;
    if (!std::regex_match(*env, kVariableName)) {
      problems.Add(Child(pair.second, "env"), source.Field("env"), "must be an environment variable name");
      continue;
    }
    out[key] = *env;
  }
  return out;
}

std::optional<TerraformLayer> ReadLayer(const YAML::Node& node, const std::string& field, Problems& problems) {
  YamlMap map(node, field, problems);
  if (!map.valid()) return std::nullopt;
  TerraformLayer layer;
  layer.name = map.String("name", true).value_or("");
  layer.dir = map.String("dir", true).value_or("");
  const char* backend_rule = "must be a backend setting's name (lower-case letters, digits, '_')";
  layer.backend = ReadScalars(map.Take("backend"), map.Field("backend"), kBackendKey, backend_rule, problems);
  layer.vars = ReadScalars(map.Take("vars"), map.Field("vars"), kVariableName,
                           "must be a Terraform variable name (letters, digits, '_')", problems);
  layer.secret_vars = ReadSecretVars(map.Take("secret_vars"), map.Field("secret_vars"), problems);
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
  config.terraform_backend = ReadScalars(map.Take("backend"), "terraform.backend", kBackendKey,
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
  terraform.outputs = ReadScalars(outputs, map.Field("outputs"), kVariableName,
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
