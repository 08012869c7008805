// The validated configuration of every environment, from
// pipelines/environments.yml (schema in docs/configuration.md). Plain data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "version/pin.h"

namespace qareports::config {

struct Check {
  std::string name;
  std::string kind;  // http, squad-version, smtp, tcp, job, workloads
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> json;  // http: JSON pointer -> the value expected there
};

struct Gate {
  std::string from;  // the environment that must have proven the release
  long soak_seconds = 0;
  std::vector<std::string> checks;  // check names, of this environment or of `from`
};

struct Environment {
  std::string name;
  std::string context;    // kube context
  std::string namespace_;
  std::vector<std::string> manifests;  // folders or files of manifests, in order
  std::map<std::string, std::string> values;       // substituted into manifests
  std::map<std::string, std::string> secret_envs;  // secret key -> environment variable
  long rollout_timeout_seconds = 600;
  long migration_timeout_seconds = 3600;
  // Pods the scheduler cannot place get this long to find capacity, unless
  // their namespace is outside every Fargate profile of `cluster_file`.
  long unschedulable_grace_seconds = 120;
  std::string cluster_file;   // eksctl ClusterConfig (its fargateProfiles), empty for none
  std::string migration_job;  // the migration Job's manifest, empty for none
  std::vector<Check> checks;
  std::optional<Gate> gate;
};

struct Config {
  std::string path;  // the file it was loaded from
  std::string root;  // the repository root every path below is relative to
  std::string squad_image;
  std::optional<std::string> squad_version;
  version::PinSpec pin;
  std::string tag_pattern;  // regex, one capture group: the version
  std::vector<std::string> config_paths;  // changes here need a deploy ("config")
  std::vector<std::string> infra_paths;   // changes here need terraform ("infra")
  std::map<std::string, Environment> environments;

  std::vector<std::string> EnvironmentNames() const;
};

}  // namespace qareports::config
