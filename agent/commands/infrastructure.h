// The environment's Terraform, as commands use it: its layers resolved from
// the config (directories under the repository root, backend settings
// merged, variables with their secret values from the CI variables), the
// driver's settings, and planning every layer (`plan`, `drift`, `up`).
// InvalidInput, before anything runs, when a secret variable is unset.
#pragma once

#include <vector>

#include "commands/command.h"
#include "terraform/driver.h"

namespace qareports::commands {

// Every secret value the environment knows (its Secrets' and its Terraform
// layers'): masked in whatever Terraform says.
std::vector<std::string> KnownSecrets(const Deps& deps);
terraform::Settings TerraformSettings(const Deps& deps);
// Empty when the environment has no Terraform.
Result<std::vector<terraform::Layer>> TerraformLayers(const Deps& deps);

// The plans of every layer, in order (each initialised first).
Result<std::vector<terraform::LayerPlan>> PlanLayers(terraform::Driver& driver,
                                                     const std::vector<terraform::Layer>& layers, bool destroy = false);

}  // namespace qareports::commands
