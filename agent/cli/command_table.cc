#include "cli/command_table.h"

#include <memory>

#include "commands/check.h"
#include "commands/apply.h"
#include "commands/destroy.h"
#include "commands/detect.h"
#include "commands/gate.h"
#include "commands/kubectl.h"
#include "commands/list.h"
#include "commands/logs.h"
#include "commands/status.h"
#include "commands/unlock.h"
#include "commands/plan.h"
#include "commands/render.h"
#include "commands/rollback.h"
#include "commands/secrets.h"
#include "commands/up.h"
#include "commands/upgrade.h"

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

void AddPlanOptions(CLI::App& sub, commands::Plan::Options& options) {
  sub.add_option("--terraform-report", options.terraform_report,
                 "Write GitLab's Terraform report of the plan here ({\"create\", \"update\", \"delete\"} counts)");
  sub.add_option("--only", options.only, "Plan one part alone: kubernetes or terraform (default: both)")
      ->check(CLI::IsMember({"kubernetes", "terraform"}));
}

Runner BindPlan(CLI::App& sub) {
  auto options = std::make_shared<commands::Plan::Options>();
  sub.add_flag("--detailed-exitcode", options->detailed_exitcode, "Exit 0 without changes, 2 with changes");
  AddPlanOptions(sub, *options);
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Plan(deps, *options).Run(report);
  };
}

Runner BindDrift(CLI::App& sub) {
  auto options = std::make_shared<commands::Plan::Options>();
  options->drift = true;
  AddPlanOptions(sub, *options);
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Plan(deps, *options).Run(report);
  };
}

Runner BindDescribe(CLI::App& sub) {
  auto args = std::make_shared<std::vector<std::string>>();
  sub.add_option("args", *args, "KIND NAME")->required();
  return [args](const commands::Deps& deps, report::Report& report) {
    return commands::Describe(deps, *args).Run(report);
  };
}

Runner BindK(CLI::App& sub) {
  sub.prefix_command();  // everything after `k` belongs to kubectl
  CLI::App* app = &sub;
  return [app](const commands::Deps& deps, report::Report& report) {
    return commands::K(deps, app->remaining()).Run(report);
  };
}

Runner BindSsh(CLI::App& sub) {
  auto target = std::make_shared<std::string>();
  auto shell = std::make_shared<std::string>("/bin/sh");
  sub.add_option("target", *target, "POD or WORKLOAD")->required();
  sub.add_option("--shell", *shell, "The shell to run (/bin/sh)");
  return [target, shell](const commands::Deps& deps, report::Report& report) {
    return commands::Ssh(deps, *target, *shell).Run(report);
  };
}

Runner BindLogs(CLI::App& sub) {
  auto options = std::make_shared<commands::Logs::Options>();
  sub.add_option("target", options->target, "A workload (Deployment) or pod")->required();
  sub.add_flag("-f,--follow", options->follow, "Follow the logs until interrupted");
  sub.add_option("-c,--container", options->container, "The container (default: each pod's first)");
  sub.add_option("--tail", options->tail, "Lines from the end of each log");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Logs(deps, *options).Run(report);
  };
}

void AddSkipGate(CLI::App& sub, commands::Apply::Options& options) {
  sub.add_flag("--skip-gate", options.skip_gate,
               "Deploy without running the environment's gate (logged loudly, recorded in the report and the release)");
}

Runner BindApply(CLI::App& sub) {
  auto options = std::make_shared<commands::Apply::Options>();
  AddSkipGate(sub, *options);
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Apply(deps, *options).Run(report);
  };
}

Runner BindUpgrade(CLI::App& sub) {
  auto options = std::make_shared<commands::Apply::Options>();
  sub.add_option("version", options->version, "The SQUAD version to move to (default: the pin)");
  AddSkipGate(sub, *options);
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Upgrade(deps, *options).Run(report);
  };
}

Runner BindRollback(CLI::App& sub) {
  auto options = std::make_shared<commands::Rollback::Options>();
  sub.add_option("release", options->release, "The release number to restore (default: the one before the current)")
      ->check([](const std::string& v) -> std::string {
        bool digits = !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos;
        return digits && std::stol(v) >= 1 ? "" : "must be a release number (1 or more), as `list` shows them";
      });
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Rollback(deps, *options).Run(report);
  };
}

Runner BindGate(CLI::App& sub) {
  auto options = std::make_shared<commands::Gate::Options>();
  sub.add_option("version", options->version, "The SQUAD version being promoted (default: the pin)");
  sub.add_option("--commit", options->commit, "The tagged commit (default: the CI's commit, else HEAD)");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Gate(deps, *options).Run(report);
  };
}

Runner BindUp(CLI::App& sub) {
  auto options = std::make_shared<commands::Up::Options>();
  sub.add_flag("--skip-gate", options->skip_gate,
               "Deploy without running the environment's gate (logged loudly, recorded in the report and the release)");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Up(deps, *options).Run(report);
  };
}

Runner BindDestroy(CLI::App& sub) {
  auto options = std::make_shared<commands::Destroy::Options>();
  sub.add_flag("--yes", options->yes, "Really destroy the environment's objects and its Terraform layer");
  sub.add_flag("--yes-destroy-production", options->yes_destroy_production, "Also needed to destroy production");
  return [options](const commands::Deps& deps, report::Report& report) {
    return commands::Destroy(deps, *options).Run(report);
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
      {"apply", {"deploy"},
       "Deploy config and manifests: lock, migrate, server-side apply and prune, watch every rollout, roll back on failure",
       BindApply},
      {"upgrade", {"upgrade_squad"},
       "Move SQUAD to the pinned (or given) version: image check, migration, rollout, roll back on failure",
       BindUpgrade},
      {"up", {}, "Make the environment's world: Terraform's layers, the EKS cluster if missing, the cluster services, "
                 "then the first deploy; a second up changes nothing", BindUp},
      {"destroy", {}, "Delete the environment's objects and destroy its Terraform layer (--yes; production also "
                      "--yes-destroy-production)", BindDestroy},
      {"gate", {}, "May this environment be deployed now? Staging proved the release (good, same version, "
                   "contains the tagged commit, soaked) and the gate's checks pass; exit 0 open, 1 closed", BindGate},
      {"rollback", {}, "Restore the previous (or given) recorded release and verify it",
       BindRollback},
      {"check", {}, "Run the environment's health checks now (http, squad-version, smtp, tcp, job, workloads); exit 1 when one fails",
       [](CLI::App&) -> Runner {
         return [](const commands::Deps& deps, report::Report& report) { return commands::Check(deps).Run(report); };
       }},
      {"status", {}, "What runs now: workloads with images and ready counts, HPAs, pods not ready and why",
       [](CLI::App&) -> Runner {
         return [](const commands::Deps& deps, report::Report& report) { return commands::Status(deps).Run(report); };
       }},
      {"list", {}, "Every object in the environment's namespace, by kind",
       [](CLI::App&) -> Runner {
         return [](const commands::Deps& deps, report::Report& report) { return commands::List(deps).Run(report); };
       }},
      {"logs", {}, "The logs of a pod or of every pod of a workload (-f to follow)", BindLogs},
      {"unlock", {}, "Clear the environment's deploy lock, whoever holds it (a pipeline that died holding it)",
       [](CLI::App&) -> Runner {
         return [](const commands::Deps& deps, report::Report& report) { return commands::Unlock(deps).Run(report); };
       }},
      {"describe", {}, "kubectl describe KIND NAME in the environment's cluster and namespace",
       BindDescribe},
      {"k", {}, "Run kubectl ARGS... with the environment's kubeconfig, context and namespace",
       BindK},
      {"ssh", {}, "Open a shell in a pod, or in a ready pod of a workload (kubectl exec -it)",
       BindSsh},
  };
  return table;
}

}  // namespace qareports::cli
