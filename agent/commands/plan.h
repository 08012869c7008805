// `plan`: what applying the environment would change in its cluster, object
// by object and field by field (Secret values never shown); `drift`: the
// same for a scheduled job, one JUnit case per resource, exit 2 on drift.
// Reads the cluster; changes nothing.
#pragma once

#include "commands/command.h"
#include "plan/planner.h"

namespace qareports::commands {

class Plan {
 public:
  struct Options {
    bool detailed_exitcode = false;
    bool drift = false;  // report each resource as a test case that fails on drift
  };
  Plan(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  // InvalidInput for bad manifests, kubeconfig or unset secrets;
  // Unavailable when the cluster cannot be read.
  Result<Outcome> Run(report::Report& report);
  // The plan alone, for commands that build on it.
  Result<plan::Plan> Compute();

 private:
  void Print(const plan::Plan& plan) const;
  void AddCases(const plan::Plan& plan, report::Report& report, double seconds) const;

  const Deps& deps_;
  Options options_;
};

nlohmann::json PlanToJson(const plan::Plan& plan);

}  // namespace qareports::commands
