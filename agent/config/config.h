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

// One Terraform root module the environment stands on, applied in order
// (the shared layer, then the environment's own).
struct TerraformLayer {
  std::string name;  // names it in reports and in `outputs` ("shared", "staging")
  std::string dir;   // relative to the repository root
  std::map<std::string, std::string> backend;      // -backend-config key=value, over Config::terraform_backend
  std::map<std::string, std::string> vars;         // TF_VAR_<name>
  std::map<std::string, std::string> secret_vars;  // TF_VAR_<name> <- this environment variable
};

struct Terraform {
  std::vector<TerraformLayer> layers;
  // A manifest value -> "<layer>.<output>": `up` renders the environment
  // with these values taken from Terraform's outputs.
  std::map<std::string, std::string> outputs;
};

struct Environment {
  std::string name;
  std::string context;    // kube context
  std::string namespace_;
  int max_requests_in_flight = 32;  // kube.max_requests_in_flight: the bound of kube/concurrency.h
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
  std::optional<Terraform> terraform;  // none: this environment has no Terraform (dev)
};

// report.squad: the SQUAD instance every job's results are also submitted
// to (none: they are not).
struct SquadReport {
  std::string url;        // the instance, without a trailing '/'
  std::string group;      // slugs, as SQUAD's submit URL takes them
  std::string project;
  std::string token_env;  // the CI variable holding the submit token
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
  std::string terraform_binary = "terraform";             // terraform.binary, searched on PATH
  std::map<std::string, std::string> terraform_backend;  // terraform.backend: every layer's backend settings
  std::optional<SquadReport> squad_report;                // report.squad

  std::vector<std::string> EnvironmentNames() const;
};

}  // namespace qareports::config
