#include "commands/infrastructure.h"

#include <filesystem>

namespace qareports::commands {

namespace fs = std::filesystem;

std::vector<std::string> KnownSecrets(const Deps& deps) {
  std::vector<std::string> secrets;
  auto add = [&](const std::string& variable) {
    std::optional<std::string> value = deps.sys.env.Get(variable);
    if (value && !value->empty()) secrets.push_back(*value);
  };
  for (const auto& [key, variable] : deps.env.secret_envs) add(variable);
  if (deps.env.terraform) {
    for (const config::TerraformLayer& layer : deps.env.terraform->layers) {
      for (const auto& [name, variable] : layer.secret_vars) add(variable);
    }
  }
  return secrets;
}

terraform::Settings TerraformSettings(const Deps& deps) {
  terraform::Settings settings;
  settings.binary = deps.config.terraform_binary;
  // Providers are downloaded once per machine (or per CI cache).
  std::optional<std::string> cache = deps.sys.env.Get("TF_PLUGIN_CACHE_DIR");
  settings.plugin_cache = cache && !cache->empty() ? *cache : (fs::path(deps.config.root) / ".terraform.d/plugin-cache").string();
  settings.secrets = KnownSecrets(deps);
  if (deps.global.timeout) settings.timeout_seconds = *deps.global.timeout;
  return settings;
}

Result<std::vector<terraform::Layer>> TerraformLayers(const Deps& deps) {
  std::vector<terraform::Layer> layers;
  if (!deps.env.terraform) return layers;
  const std::vector<config::TerraformLayer>& configured = deps.env.terraform->layers;
  for (size_t i = 0; i < configured.size(); ++i) {
    const config::TerraformLayer& c = configured[i];
    terraform::Layer layer;
    layer.name = c.name;
    layer.dir = (fs::path(deps.config.root) / c.dir).lexically_normal().string();
    std::string field = "environments." + deps.env.name + ".terraform.layers[" + std::to_string(i) + "]";
    if (!deps.sys.fs.IsDirectory(layer.dir)) {
      return Error::InvalidInput("\"" + c.dir + "\" is not a directory under " + deps.config.root, deps.config.path,
                                 field + ".dir");
    }
    layer.backend = deps.config.terraform_backend;
    for (const auto& [key, value] : c.backend) layer.backend[key] = value;
    layer.vars = c.vars;
    for (const auto& [name, variable] : c.secret_vars) {
      std::optional<std::string> value = deps.sys.env.Get(variable);
      if (!value || value->empty()) {
        return Error::InvalidInput("the CI variable " + variable + " is not set (Terraform variable " + name +
                                       " of layer " + c.name + ")",
                                   deps.config.path, field + ".secret_vars." + name);
      }
      layer.vars[name] = *value;
    }
    layers.push_back(std::move(layer));
  }
  return layers;
}

Result<std::vector<terraform::LayerPlan>> PlanLayers(terraform::Driver& driver,
                                                     const std::vector<terraform::Layer>& layers, bool destroy) {
  std::vector<terraform::LayerPlan> plans;
  for (const terraform::Layer& layer : layers) {
    if (Status init = driver.Init(layer); !init.ok()) return init.error();
    Result<terraform::LayerPlan> plan = driver.Plan(layer, destroy);
    if (!plan.ok()) return plan.error();
    plans.push_back(std::move(*plan));
  }
  return plans;
}

}  // namespace qareports::commands
