#include "cli/command_table.h"

#include <memory>

#include "commands/detect.h"
#include "commands/plan.h"
#include "commands/render.h"

namespace qareports::cli {
namespace {

Runner BindDetect(CLI::App& sub) {
  auto options = std::make_shared<commands::Detect::Options>();
  sub.add_option("--repo", options->repo, "A path inside the git repository (default: the working directory)");
  sub.add_option("--from", options->from,
                 "The earlier revision (default: the CI's before-SHA, else the first parent of --to)");
  sub.add_option("--to", options->to, "The later revision (default: the CI's commit, else the tag, else HEAD)");
  sub.add_option("--tag", options->tag, "The release tag to check against the pin (default: the CI's tag)");
  sub.add_option("--dotenv", options->dotenv, "Also write the result as a dotenv file (GitLab's artifacts:reports:dotenv)");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Detect(deps, *options).Run(report);
  };
}

Runner BindRender(CLI::App& sub) {
  auto options = std::make_shared<commands::Render::Options>();
  sub.add_flag("--show-secrets", options->show_secrets, "Print Secret values instead of masking them");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Render(deps, *options).Run(report);
  };
}

Runner BindSecrets(CLI::App&) {
  return [](const commands::Deps& deps, report::Report& report) { return commands::Secrets(deps).Run(report); };
}

Runner BindPlan(CLI::App& sub) {
  auto options = std::make_shared<commands::Plan::Options>();
  sub.add_flag("--detailed-exitcode", options->detailed_exitcode, "Exit 0 without changes, 2 with changes");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Plan(deps, *options).Run(report);
  };
}

Runner BindDrift(CLI::App&) {
  return [](const commands::Deps& deps, report::Report& report) {
    return commands::Plan(deps, {false, true}).Run(report);
  };
}

}  // namespace

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> table = {
      {"detect", {}, "Detect the SQUAD version bump and deploy-relevant changes between two git revisions", BindDetect},
      {"render", {}, "Print the environment's manifests as they would be applied (Secret values masked)", BindRender},
      {"secrets", {}, "List the CI variable each secret value comes from and whether it is set", BindSecrets},
      {"plan", {}, "Show what applying would change in the cluster (server-side dry run), field by field", BindPlan},
      {"drift", {}, "Plan for a scheduled job: a JUnit case per resource, exit 2 when the cluster drifted", BindDrift},
  };
  return table;
}

}  // namespace qareports::cli
