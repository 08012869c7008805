#include "config/yaml_reader.h"

#include <algorithm>
#include <functional>

#include "util/linear_regex.h"
#include "util/strings.h"

namespace qareports::config {

YAML::Node Child(const YAML::Node& node, const std::string& key) {
  if (node && node.IsMap()) {
    for (const auto& pair : node) {
      if (pair.first.Scalar() == key) return pair.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);  // tests false, as an absent key should
}

void Problems::AddAt(const YAML::Mark& mark, const std::string& field, const std::string& message) {
  std::string place = file;
  if (!mark.is_null()) {
    place.append(":").append(std::to_string(mark.line + 1 + line_offset)).append(":").append(std::to_string(mark.column + 1));
  }
  list.push_back(Error::InvalidInput(message, place, field));
}

void Problems::Add(const YAML::Node& at, const std::string& field, const std::string& message) {
  AddAt(at ? at.Mark() : YAML::Mark::null_mark(), field, message);
}

YamlMap::YamlMap(const YAML::Node& node, std::string field, Problems& problems)
    : node_(node), field_(std::move(field)), problems_(problems) {
  if (!node_.IsMap()) {
    problems_.Add(node_, field_, "must be a mapping");
    valid_ = false;
    return;
  }
  // yaml-cpp keeps duplicate keys; a config with two values for one key is ambiguous.
  std::set<std::string> seen;
  for (const auto& pair : node_) {
    std::string key = pair.first.Scalar();
    if (!seen.insert(key).second) problems_.Add(pair.first, Field(key), "is given twice");
  }
}

std::string YamlMap::Field(const std::string& key) const { return field_.empty() ? key : field_ + "." + key; }

YAML::Node YamlMap::Take(const std::string& key) {
  known_.push_back(key);
  return Child(node_, key);
}

std::optional<std::string> YamlMap::String(const std::string& key, bool required) {
  YAML::Node n = Take(key);
  if (!n || n.IsNull()) {
    if (required && valid_) problems_.Add(node_, Field(key), "is required");
    return std::nullopt;
  }
  if (!n.IsScalar()) {
    problems_.Add(n, Field(key), "must be a string");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<long> YamlMap::Integer(const std::string& key, long min, long max) {
  YAML::Node n = Take(key);
  if (!n || n.IsNull()) return std::nullopt;
  long value = 0;
  if (!n.IsScalar() || !YAML::convert<long>::decode(n, value)) {
    problems_.Add(n, Field(key), "must be an integer");
    return std::nullopt;
  }
  if (value < min || value > max) {
    problems_.Add(n, Field(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<long> YamlMap::Duration(const std::string& key) {
  YAML::Node n = Take(key);
  if (!n || n.IsNull()) return std::nullopt;
  std::optional<long> seconds = n.IsScalar() ? util::ParseDuration(n.Scalar()) : std::nullopt;
  if (!seconds) problems_.Add(n, Field(key), "must be a duration such as 90s, 10m, 24h or 1h30m");
  return seconds;
}

std::optional<std::vector<std::string>> YamlMap::StringList(const std::string& key) {
  YAML::Node n = Take(key);
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsSequence()) {
    problems_.Add(n, Field(key), "must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      problems_.Add(n[i], Field(key) + "[" + std::to_string(i) + "]", "must be a string");
      continue;
    }
    out.push_back(n[i].Scalar());
  }
  return out;
}

void YamlMap::RejectUnknown() {
  if (!valid_) return;
  for (const auto& pair : node_) {
    std::string key = pair.first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string message = "unknown key";
    if (auto near = util::Nearest(key, known_)) message += " (did you mean \"" + *near + "\"?)";
    else message += " (valid keys: " + util::Join(known_, ", ") + ")";
    problems_.Add(pair.first, Field(key), message);
  }
}

namespace {

// Calls `each` with every key of the mapping at `node` (null: none) that
// matches `key_pattern`; a key that does not is the problem `key_rule`.
void ForEachKey(const YAML::Node& node, const std::string& field, const std::regex& key_pattern,
                const char* key_rule, Problems& problems,
                const std::function<void(const std::string&, const YAML::Node&, const std::string&)>& each) {
  if (!node || node.IsNull()) return;
  YamlMap map(node, field, problems);
  if (!map.valid()) return;
  for (const auto& pair : node) {
    std::string key = pair.first.Scalar();
    if (!std::regex_match(key, key_pattern)) problems.Add(pair.first, map.Field(key), key_rule);
    else each(key, pair.second, map.Field(key));
  }
}

}  // namespace

std::map<std::string, std::string> ReadScalarMap(const YAML::Node& node, const std::string& field,
                                                 const std::regex& key_pattern, const char* key_rule,
                                                 Problems& problems) {
  std::map<std::string, std::string> out;
  ForEachKey(node, field, key_pattern, key_rule, problems,
             [&](const std::string& key, const YAML::Node& value, const std::string& at) {
               if (!value.IsScalar()) problems.Add(value, at, "must be a string, number or boolean");
               else out[key] = value.Scalar();
             });
  return out;
}

std::map<std::string, std::string> ReadEnvSources(const YAML::Node& node, const std::string& field,
                                                  const std::regex& key_pattern, const char* key_rule,
                                                  Problems& problems) {
  static const std::regex variable("[A-Za-z_][A-Za-z0-9_]*", util::kLinearRegex);
  std::map<std::string, std::string> out;
  ForEachKey(node, field, key_pattern, key_rule, problems,
             [&](const std::string& key, const YAML::Node& value, const std::string& at) {
               YamlMap source(value, at, problems);
               std::optional<std::string> env = source.String("env", true);
               source.RejectUnknown();
               if (!env) return;
               if (!std::regex_match(*env, variable)) {
                 problems.Add(Child(value, "env"), source.Field("env"), "must be an environment variable name");
                 return;
               }
               out[key] = *env;
             });
  return out;
}

}  // namespace qareports::config
