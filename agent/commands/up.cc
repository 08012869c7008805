#include "commands/up.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "cluster/eksctl.h"
#include "commands/apply.h"
#include "commands/infrastructure.h"
#include "commands/plan.h"
#include "commands/status.h"
#include "deploy/applier.h"
#include "manifest/placeholders.h"
#include "manifest/renderer.h"
#include "util/base64.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {
namespace {

namespace fs = std::filesystem;

constexpr const char* kClusterServices = "k8s/cluster-services";
constexpr const char* kGeneratedSecret = "qareports-dev-generated";

// 32 random bytes, as URL-safe text.
Result<std::string> RandomSecret() {
  std::ifstream random("/dev/urandom", std::ios::binary);
  std::string bytes(32, '\0');
  if (!random.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Error::Failed("cannot read /dev/urandom to make dev's secrets");
  }
  std::string text = util::Base64Encode(bytes);
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string Text(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace

Result<std::string> Up::EnsureCluster(const std::map<std::string, std::string>& outputs, report::Report& report) {
  const std::string& file = deps_.env.cluster_file;
  Result<std::string> text = deps_.sys.fs.Read((fs::path(deps_.config.root) / file).string());
  if (!text.ok()) return Error::InvalidInput("cannot read the cluster's ClusterConfig: " + text.error().message, file);
  // ${name} takes a Terraform output (the VPC's subnets, the relay's role).
  Result<manifest::Substitution> rendered =
      manifest::Substitute(*text, outputs, false, [](const std::string&) { return std::nullopt; });
  if (!rendered.ok()) return Error::InvalidInput(rendered.error().message, file);
  Result<cluster::ClusterName> name = cluster::ReadClusterName(rendered->text, file);
  if (!name.ok()) return name.error();
  cluster::Eksctl eksctl(deps_.sys.runner);
  report::TestCase c = report::Case("up", deps_.env.name, "cluster " + name->name);
  Result<bool> exists = eksctl.Exists(*name);
  if (!exists.ok()) return exists.error();
  if (*exists) {
    c.output = "EKS cluster " + name->name + " (" + name->region + ") exists";
    report.Suite("up").cases.push_back(c);
    return std::string("exists");
  }
  spdlog::info("{}: creating the EKS cluster {} in {} (eksctl, 15 to 25 minutes)", deps_.env.name, name->name,
               name->region);
  // eksctl reads a file: the rendered one, private, removed after.
  std::string dir = (fs::temp_directory_path() / "qareports-eksctl-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return Error::Failed("cannot make a private directory for eksctl");
  std::string path = dir + "/cluster.yml";
  qareports::Status written = deps_.sys.fs.WriteAtomic(path, rendered->text);
  qareports::Status made = written.ok() ? eksctl.Create(path, *name) : written;
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  if (!made.ok()) {
    report::Fail(c, "Cluster", made.error().message);
    report.Suite("up").cases.push_back(c);
    return made.error();
  }
  c.output = "EKS cluster " + name->name + " (" + name->region + ") created";
  report.Suite("up").cases.push_back(c);
  return std::string("created");
}

Result<size_t> Up::ApplyClusterServices(report::Report& report) {
  if (!deps_.sys.fs.IsDirectory((fs::path(deps_.config.root) / kClusterServices).string())) return size_t{0};
  Result<manifest::Rendered> rendered = manifest::RenderPaths({kClusterServices}, deps_.config, deps_.env,
                                                              deps_.sys.fs, deps_.sys.env, true);
  if (!rendered.ok()) return rendered.error();
  std::vector<nlohmann::json> objects;
  for (manifest::SourcedObject& o : rendered->objects) {
    // One relay serves every environment: no environment may prune it.
    o.object["metadata"]["labels"].erase(manifest::kEnvironmentLabel);
    objects.push_back(std::move(o.object));
  }
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  Result<deploy::ApplyResult> applied = deploy::ApplyObjects(**session, objects);
  if (!applied.ok()) return applied.error();
  report::TestCase c = report::Case("up", deps_.env.name, "cluster services");
  std::vector<std::string> failed;
  for (const deploy::ObjectResult& o : applied->objects) {
    c.output += o.title + ": " + (o.error.empty() ? o.action : o.error) + "\n";
    if (!o.error.empty()) failed.push_back(o.title + ": " + o.error);
  }
  if (!failed.empty()) {
    report::Fail(c, "Apply", "the cluster refused " + std::to_string(failed.size()) + " cluster service objects",
                 util::Join(failed, "\n"));
    report.Suite("up").cases.push_back(c);
    return Error::Failed("the cluster services could not be applied: " + util::Join(failed, "; "));
  }
  report.Suite("up").cases.push_back(c);
  return objects.size();
}

Result<std::map<std::string, std::string>> Up::GeneratedSecrets() {
  std::map<std::string, std::string> values;
  std::vector<std::string> missing;
  for (const auto& [key, variable] : deps_.env.secret_envs) {
    std::optional<std::string> set = deps_.sys.env.Get(variable);
    if (!set || set->empty()) missing.push_back(variable);
  }
  if (missing.empty()) return values;
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  std::string path = "/api/v1/namespaces/" + deps_.env.namespace_ + "/secrets/" + kGeneratedSecret;
  Result<kube::ApiResult> kept = (*session)->client->Call(kube::Get(path));
  if (!kept.ok()) return kept.error();
  if (!kept->ok() && kept->status != 404) {
    return Error::Unavailable("cannot read " + path + ": HTTP " + std::to_string(kept->status));
  }
  const nlohmann::json data = kept->ok() ? kept->json.value("data", nlohmann::json::object()) : nlohmann::json::object();
  bool made = false;
  for (const std::string& variable : missing) {
    std::optional<std::string> value;
    if (data.contains(variable) && data[variable].is_string()) value = util::Base64Decode(data[variable].get<std::string>());
    if (!value) {
      Result<std::string> fresh = RandomSecret();
      if (!fresh.ok()) return fresh.error();
      value = *fresh;
      made = true;
      spdlog::info("{}: {} is not set: a value was generated and is kept in Secret {}", deps_.env.name, variable,
                   kGeneratedSecret);
    }
    values[variable] = *value;
  }
  if (!made) return values;
  if (qareports::Status ns = deps_.cluster().EnsureNamespace(); !ns.ok()) return ns.error();
  nlohmann::json secret = {{"apiVersion", "v1"},
                           {"kind", "Secret"},
                           {"metadata", {{"name", kGeneratedSecret}, {"namespace", deps_.env.namespace_}}},
                           {"type", "Opaque"},
                           {"data", data}};
  for (const auto& [variable, value] : values) secret["data"][variable] = util::Base64Encode(value);
  Result<deploy::ApplyResult> applied = deploy::ApplyObjects(**session, {secret});
  if (!applied.ok()) return applied.error();
  if (!applied->ok()) return Error::Unavailable("cannot keep dev's generated secrets in Secret " + std::string(kGeneratedSecret));
  return values;
}

Result<Outcome> Up::Run(report::Report& report) {
  if (deps_.env.name == "dev" && !deps_.env.terraform) {
    Result<std::map<std::string, std::string>> generated = GeneratedSecrets();
    if (!generated.ok()) return generated.error();
    if (!generated->empty()) {
      sys::OverlayEnvironment vars(deps_.sys.env, std::move(*generated));
      sys::Sys with_vars{vars,          deps_.sys.fs,    deps_.sys.clock, deps_.sys.cwd,  deps_.sys.runner,
                         deps_.sys.http, deps_.sys.color, deps_.sys.live,  deps_.sys.smtp, deps_.sys.tcp};
      Deps deps{with_vars, deps_.config, deps_.env, deps_.global, deps_.out, deps_.clusters};
      return Up(deps, options_).Run(report);
    }
  }
  Result<Outcome> made = Make(report);
  if (!made.ok() && changed_) {
    // 65 and 69 promise that nothing changed: here something did. (75
    // stays: another job is making the cluster; up again once it is done.)
    Error e = made.error();
    if (e.kind == ErrorKind::kInvalidInput || e.kind == ErrorKind::kUnavailable) {
      e.kind = ErrorKind::kFailed;
      e.message += " (what up changed before stays, consistent: run up again)";
    }
    return e;
  }
  return made;
}

Result<Outcome> Up::Make(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  report.Suite("up", util::Iso8601(deps_.sys.clock.Now()));
  // Everything is checked before the first change.
  Result<std::vector<terraform::Layer>> layers = TerraformLayers(deps_);
  if (!layers.ok()) return layers.error();
  {
    // The values Terraform will give are not known yet: the manifests are
    // checked with stand-ins for those the config does not set.
    config::Environment checked = deps_.env;
    if (checked.terraform) {
      for (const auto& [value, source] : checked.terraform->outputs) checked.values.emplace(value, "(" + source + ")");
    }
    Deps with_stand_ins{deps_.sys, deps_.config, checked, deps_.global, deps_.out, deps_.clusters};
    if (qareports::Status valid = Apply(with_stand_ins, {std::nullopt, options_.skip_gate}).Validate(); !valid.ok()) {
      return valid.error();
    }
  }
  bool makes_cluster = !layers->empty() && !deps_.env.cluster_file.empty();
  if (makes_cluster) {
    if (qareports::Status eksctl = cluster::Eksctl(deps_.sys.runner).Check(); !eksctl.ok()) return eksctl.error();
  }

  Outcome outcome;
  outcome.data = {{"environment", deps_.env.name}, {"terraform", nlohmann::json::array()}};
  std::map<std::string, std::string> outputs;       // output name -> value, every layer's
  std::map<std::string, nlohmann::json> by_layer;   // "<layer>.<output>" -> value
  terraform::Driver driver(deps_.sys.runner, TerraformSettings(deps_));
  std::vector<std::string> applied_layers;  // what this job changed, for a failure in a later layer to say
  auto after_earlier = [&](Error e) {
    if (!applied_layers.empty()) e.message += " (this job had already applied " + util::Join(applied_layers, "; ") + ")";
    return e;
  };
  for (const terraform::Layer& layer : *layers) {
    report::TestCase c = report::Case("up", deps_.env.name, "terraform " + layer.name);
    double layer_start = deps_.sys.clock.Elapsed();
    Result<std::vector<terraform::LayerPlan>> planned = PlanLayers(driver, {layer});
    if (!planned.ok()) return after_earlier(planned.error());
    terraform::LayerPlan& plan = planned->front();
    std::string summary = "no changes";
    if (plan.changes) {
      spdlog::info("{}: terraform {}: applying: {}", deps_.env.name, layer.name, plan.view.Summary());
      Result<terraform::ApplySummary> applied = driver.Apply(layer, plan);
      if (!applied.ok()) {
        Error e = after_earlier(applied.error());
        report::Fail(c, "Terraform", e.message);
        report.Suite("up").cases.push_back(c);
        return e;
      }
      summary = std::to_string(applied->added) + " added, " + std::to_string(applied->changed) + " changed, " +
                std::to_string(applied->removed) + " destroyed";
      applied_layers.push_back("layer " + layer.name + ": " + summary);
      changed_ = true;
    }
    spdlog::info("{}: terraform {}: {}", deps_.env.name, layer.name, summary);
    c.seconds = deps_.sys.clock.Elapsed() - layer_start;
    c.output = plan.view.Summary() + "\n" + summary + "\n";
    report.Suite("up").cases.push_back(c);
    outcome.data["terraform"].push_back({{"layer", layer.name}, {"result", summary}});
    Result<nlohmann::json> values = driver.Outputs(layer);
    if (!values.ok()) return after_earlier(values.error());
    for (const auto& item : values->items()) {
      outputs[item.key()] = Text(item.value());
      by_layer[layer.name + "." + item.key()] = item.value();
    }
  }

  // The manifests' values that Terraform decides.
  config::Environment env = deps_.env;
  if (env.terraform) {
    for (const auto& [value, source] : env.terraform->outputs) {
      auto found = by_layer.find(source);
      if (found == by_layer.end()) {
        return Error::Failed("Terraform has no output " + source + " (environments." + env.name + ".terraform.outputs." +
                             value + "): apply the layer that declares it");
      }
      std::string said = Text(found->second);
      auto configured = env.values.find(value);
      if (configured != env.values.end() && !configured->second.empty() && configured->second != said) {
        // apply and upgrade render the config's value: they must agree.
        return Error::Failed("Terraform's output " + source + " is \"" + said + "\" but environments." + env.name +
                             ".values." + value + " is \"" + configured->second +
                             "\": set the value to Terraform's (apply and upgrade deploy the config's); "
                             "Terraform is applied, nothing was deployed");
      }
      env.values[value] = said;
    }
  }

  std::string cluster = "none";
  if (makes_cluster) {
    Result<std::string> made = EnsureCluster(outputs, report);
    if (!made.ok()) return made.error();
    cluster = *made;
    changed_ = changed_ || cluster == "created";
  }
  outcome.data["cluster"] = cluster;
  size_t services = 0;
  if (!layers->empty()) {
    Result<size_t> applied = ApplyClusterServices(report);
    if (!applied.ok()) return applied.error();
    services = *applied;
  }
  outcome.data["cluster_services"] = services;

  // The first deploy, unless the cluster already runs exactly this.
  Deps with_outputs{deps_.sys, deps_.config, env, deps_.global, deps_.out, deps_.clusters};
  Result<plan::Plan> k8s = Plan(with_outputs, {}).Compute();
  if (!k8s.ok()) return k8s.error();
  if (k8s->HasChanges()) {
    spdlog::info("{}: deploying: {}", env.name, k8s->Summary());
    Apply apply(with_outputs, {std::nullopt, options_.skip_gate});
    Result<Outcome> deployed = RunDeploy(with_outputs, apply, report);
    if (!deployed.ok()) return deployed.error();
    outcome.data["deploy"] = deployed->data;
    changed_ = true;
  } else {
    report::TestCase c = report::Case("up", env.name, "deploy");
    c.output = "the cluster already runs what git has: nothing deployed\n";
    report.Suite("up").cases.push_back(c);
    outcome.data["deploy"] = nullptr;
  }
  outcome.data["changed"] = changed_;
  outcome.data["seconds"] = deps_.sys.clock.Elapsed() - start;
  std::string said = changed_ ? env.name + " is up" : env.name + " is up; nothing changed (Terraform, the cluster and the deploy all match git)";
  spdlog::info("{}", said);
  if (deps_.global.output != "json") {
    deps_.out << said << "\n";
    // A newcomer's dev up ends by showing what runs.
    if (layers->empty()) {
      if (Result<Outcome> shown = Status(with_outputs).Run(report); !shown.ok()) {
        spdlog::warn("{}: cannot show what runs: {}", env.name, shown.error().message);
      }
    }
  }
  return outcome;
}

}  // namespace qareports::commands
