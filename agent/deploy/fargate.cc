#include "deploy/fargate.h"

#include <yaml-cpp/yaml.h>

namespace qareports::deploy {

Result<std::set<std::string>> FargateNamespaces(const std::string& path, const std::string& shown_as,
                                                const sys::FileSystem& fs) {
  Result<std::string> text = fs.Read(path);
  if (!text.ok()) return Error::InvalidInput(text.error().message, shown_as);
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return Error::InvalidInput(e.msg, shown_as + ":" + std::to_string(e.mark.line + 1) + ":" +
                                          std::to_string(e.mark.column + 1));
  }
  std::set<std::string> namespaces;
  if (!root.IsMap() || root["kind"].as<std::string>("") != "ClusterConfig") {
    return Error::InvalidInput("not an eksctl ClusterConfig (kind: ClusterConfig)", shown_as, "kind");
  }
  YAML::Node profiles = root["fargateProfiles"];
  for (size_t i = 0; profiles.IsSequence() && i < profiles.size(); ++i) {
    YAML::Node selectors = profiles[i]["selectors"];
    for (size_t k = 0; selectors.IsSequence() && k < selectors.size(); ++k) {
      YAML::Node ns = selectors[k]["namespace"];
      if (!ns.IsScalar()) {
        return Error::InvalidInput("must be a namespace name",
                                   shown_as + ":" + std::to_string(selectors[k].Mark().line + 1),
                                   "fargateProfiles[" + std::to_string(i) + "].selectors[" + std::to_string(k) +
                                       "].namespace");
      }
      namespaces.insert(ns.Scalar());
    }
  }
  return namespaces;
}

}  // namespace qareports::deploy
