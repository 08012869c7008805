// Drives the terraform binary over the process interface, one layer (root
// module) at a time: init, plan to a saved plan file, show it as JSON,
// apply that plan file only, read outputs. Argv only, no shell; never
// prompts (-input=false); secrets reach Terraform only as TF_VAR_*
// environment variables and are masked in everything read back. Each
// layer gets its own data directory (TF_DATA_DIR), so that layers sharing a
// directory (one per environment) never see each other's backend. Plan
// files (which hold variable values in clear) live in a private temporary
// directory removed with the driver. On a stop Terraform gets one SIGINT and
// the cleanup time to release its state lock.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "sys/process_runner.h"
#include "terraform/events.h"
#include "terraform/plan_view.h"
#include "util/result.h"

namespace qareports::terraform {

struct Layer {
  std::string name;
  std::string dir;                              // absolute
  std::map<std::string, std::string> backend;   // -backend-config key=value (no secrets)
  std::map<std::string, std::string> vars;      // TF_VAR_<name>=value, secrets included
};

struct Settings {
  std::string binary = "terraform";
  std::string plugin_cache;          // TF_PLUGIN_CACHE_DIR; empty: Terraform's default
  std::vector<std::string> secrets;  // values masked in everything read back
  double timeout_seconds = 4 * 3600;
};

struct LayerPlan {
  std::string layer;
  bool changes = false;   // plan -detailed-exitcode said 2
  std::string plan_file;  // the saved plan, to apply as reviewed
  PlanView view;
  bool destroy = false;
};

struct ApplySummary {
  long added = 0, changed = 0, removed = 0;
};

class Driver {
 public:
  Driver(sys::ProcessRunner& runner, Settings settings);
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // The version found ("1.11.4"). Unavailable when terraform is missing or
  // not 1.x from 1.5 on.
  Result<std::string> Version();
  // Unavailable when the backend or the providers cannot be reached;
  // InvalidInput when the configuration is wrong (file:line).
  Status Init(const Layer& layer);
  // `destroy`: a plan to destroy everything the layer holds. LockHeld when
  // another process holds the state lock (naming it).
  Result<LayerPlan> Plan(const Layer& layer, bool destroy = false);
  // Applies the saved plan. Failed with Terraform's diagnostics (file:line)
  // when the apply fails; Unsafe when stopped after it began changing things;
  // LockHeld when another job applied the layer since the plan was made (the
  // saved plan is stale: nothing of it was applied).
  Result<ApplySummary> Apply(const Layer& layer, const LayerPlan& plan);
  // `terraform output -json`: name -> value; sensitive values masked.
  Result<nlohmann::json> Outputs(const Layer& layer);

  // The data directory the agent gives Terraform for the layer: its backend
  // settings and providers, as `init` left them.
  static std::string DataDir(const Layer& layer);
  // The shell command, as printed for a human, that clears the layer's
  // state lock `id`: it runs as printed, with the agent's data directory.
  std::string UnlockCommand(const Layer& layer, const std::string& id) const;

 private:
  struct Run {
    sys::ProcessResult process;
    std::vector<Event> events;  // diagnostics and change summaries
    bool began_changes = false;  // an apply_start was seen
  };
  Run Execute(const Layer& layer, std::vector<std::string> args, bool stream);
  Error Failure(const Layer& layer, const std::string& step, const Run& run) const;

  sys::ProcessRunner& runner_;
  Settings settings_;
  std::string work_dir_;  // private: plan files
  std::string version_;
  int plans_ = 0;
};

}  // namespace qareports::terraform
