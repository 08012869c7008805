// One manifest file turned into Kubernetes objects (JSON): every YAML
// document, placeholders substituted scalar by scalar with YAML's own typing
// rules, problems recorded with file:line:column. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
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

// Appends the file's objects to `out`; problems go to `problems`.
void ParseManifest(const std::string& text, const std::string& file, const std::map<std::string, std::string>& values,
                   const SecretLookup& secret, std::vector<SourcedObject>& out, config::Problems& problems);

}  // namespace qareports::manifest
