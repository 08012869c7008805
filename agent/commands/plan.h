// `plan`: what applying the environment would change in its cluster, object
// by object and field by field (Secret values never shown); `drift`: the
// same for a scheduled job, one JUnit case per resource, exit 2 on drift.
// With Terraform configured, every layer's `terraform plan` too, in the same
// output, report and exit code. Reads the cluster and the Terraform state;
// changes nothing.
#pragma once

#include "commands/command.h"
#include "plan/planner.h"
#include "terraform/driver.h"

namespace qareports::commands {

class Plan {
 public:
  struct Options {
    bool detailed_exitcode = false;
    bool drift = false;  // report each resource as a test case that fails on drift
    std::string terraform_report;  // GitLab's Terraform report (create/update/delete counts) written here
    std::string only;  // "kubernetes" or "terraform": plan that part alone; empty: both
  };
  Plan(const Deps& deps, Options options) : deps_(deps), options_(options) {}

  // InvalidInput for bad manifests, kubeconfig or unset secrets;
  // Unavailable when the cluster cannot be read.
  Result<Outcome> Run(report::Report& report);
  // The plan alone, for commands that build on it; `found` told of each
  // entry as soon as it is known.
  Result<plan::Plan> Compute(const plan::Found& found = {});

 private:
  // One entry's lines of the plan's text.
  void Print(const plan::Plan& plan, const plan::Entry& entry) const;
  void Print(const terraform::LayerPlan& plan) const;
  void AddCases(const plan::Plan& plan, report::Report& report, double seconds) const;
  void AddCases(const std::vector<terraform::LayerPlan>& plans, report::Report& report, double seconds) const;

  const Deps& deps_;
  Options options_;
};

nlohmann::json PlanToJson(const plan::Plan& plan);
nlohmann::json PlanToJson(const std::vector<terraform::LayerPlan>& plans);

}  // namespace qareports::commands
