// One manifest file turned into Kubernetes objects (JSON): every YAML
// document, placeholders substituted scalar by scalar with YAML's own typing
// rules, problems recorded with file:line:column. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/yaml_reader.h"
#include "manifest/placeholders.h"

namespace qareports::manifest {

struct SecretUse {
  std::string secret_key;  // the environment's secret (its variable is in the config)
  std::string data_key;    // the stringData key it fills
};

struct SourcedObject {
  nlohmann::json object;
  std::string file;
  int line = 0;
  std::vector<SecretUse> secrets;  // for Secrets: which stringData keys hold secrets

  std::string Describe() const;  // "Deployment qareports-staging/web (k8s/base/web.yml:1)"
};

// A manifest file read a piece at a time (Add), each object handed to
// `each` as soon as its document is whole; Finish after the last piece.
// A file of thousands of objects is never held whole, as text or as trees.
class ManifestParser {
 public:
  ManifestParser(std::string file, const std::map<std::string, std::string>& values, SecretLookup secret,
                 std::function<void(SourcedObject&&)> each, config::Problems& problems);
  void Add(std::string_view part);
  void Finish();

 private:
  void Line(const std::string& line);

  std::string file_;
  const std::map<std::string, std::string>& values_;
  SecretLookup secret_;
  std::function<void(SourcedObject&&)> each_;
  config::Problems& problems_;
  std::string partial_;  // a line not yet ended
  std::string chunk_;    // the document so far
  int first_line_ = 0, line_ = 0;
};

// Hands each of the file's objects to `each` as soon as it is parsed, so
// that a file of thousands is never held whole as trees; problems go to
// `problems`, and an object without a string apiVersion, kind and
// metadata.name is not handed on.
void ParseManifest(const std::string& text, const std::string& file, const std::map<std::string, std::string>& values,
                   const SecretLookup& secret, const std::function<void(SourcedObject&&)>& each,
                   config::Problems& problems);

}  // namespace qareports::manifest
