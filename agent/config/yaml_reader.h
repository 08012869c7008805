// Strict reading of one YAML mapping for the config loader: typed fields,
// required fields, and unknown keys (with the nearest valid key suggested),
// every problem recorded with file:line:column and the dotted field. Pure.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "util/result.h"

namespace qareports::config {

// Problems found while reading; the loader reports them all at once.
struct Problems {
  std::string file;
  std::vector<Error> list;
  int line_offset = 0;  // added to every mark: the text read began at this line of the file

  void Add(const YAML::Node& at, const std::string& field, const std::string& message);
  void AddAt(const YAML::Mark& mark, const std::string& field, const std::string& message);
};

// node[key] without yaml-cpp's surprises: an undefined node (false in a
// condition) when `node` is not a mapping or lacks the key; `node` unchanged.
YAML::Node Child(const YAML::Node& node, const std::string& key);

class YamlMap {
 public:
  // `field` is the dotted name of this mapping ("environments.staging").
  YamlMap(const YAML::Node& node, std::string field, Problems& problems);

  bool valid() const { return valid_; }
  std::string Field(const std::string& key) const;
  // The child node (null when absent); marks the key as known.
  YAML::Node Take(const std::string& key);
  std::optional<std::string> String(const std::string& key, bool required);
  std::optional<long> Integer(const std::string& key, long min, long max);
  std::optional<long> Duration(const std::string& key);  // seconds
  std::optional<std::vector<std::string>> StringList(const std::string& key);
  // Records every key that was not taken, suggesting the nearest taken one.
  void RejectUnknown();

 private:
  YAML::Node node_;
  std::string field_;
  Problems& problems_;
  bool valid_ = true;
  std::vector<std::string> known_;
};

// A mapping of scalars (`values:`, `vars:`, a backend's settings) whose keys
// match `key_pattern` (else `key_rule` is the problem); null gives none.
std::map<std::string, std::string> ReadScalarMap(const YAML::Node& node, const std::string& field,
                                                 const std::regex& key_pattern, const char* key_rule,
                                                 Problems& problems);

// A mapping of keys (matching `key_pattern`) to `{env: VARIABLE}` (`secrets:`,
// `secret_vars:`): key -> the environment variable's name; null gives none.
std::map<std::string, std::string> ReadEnvSources(const YAML::Node& node, const std::string& field,
                                                  const std::regex& key_pattern, const char* key_rule,
                                                  Problems& problems);

}  // namespace qareports::config
