#include "manifest/renderer.h"

#include <filesystem>
#include <set>

#include "util/strings.h"
#include "version/pin.h"
#include "version/version.h"

namespace qareports::manifest {
namespace {

namespace fs = std::filesystem;

std::string Identity(const nlohmann::json& o) {
  const nlohmann::json& m = o.value("metadata", nlohmann::json::object());
  return o.value("apiVersion", "") + "|" + o.value("kind", "") + "|" + m.value("namespace", "") + "|" +
         m.value("name", "");
}

// The manifest files a path names: the file itself, or a folder's *.yml and
// *.yaml in name order.
std::vector<std::string> Files(const std::string& root, const std::string& path, const sys::FileSystem& fs,
                               config::Problems& problems) {
  std::string full = (fs::path(root) / path).string();
  if (!fs.IsDirectory(full)) {
    if (!fs.Exists(full)) problems.AddAt(YAML::Mark::null_mark(), path, "does not exist");
    return {full};
  }
  std::vector<std::string> files;
  Result<std::vector<std::string>> names = fs.List(full);
  for (const std::string& name : names.ok() ? *names : std::vector<std::string>{}) {
    if (util::EndsWith(name, ".yml") || util::EndsWith(name, ".yaml")) files.push_back((fs::path(full) / name).string());
  }
  return files;
}

void AddDefaults(nlohmann::json& o, const config::Environment& env) {
  nlohmann::json& meta = o["metadata"];
  if (!IsClusterScoped(o.value("kind", "")) && (!meta.contains("namespace") || meta["namespace"].is_null())) {
    meta["namespace"] = env.namespace_;
  }
  nlohmann::json& labels = meta["labels"];
  if (!labels.is_object()) labels = nlohmann::json::object();
  labels[kPartOfLabel] = "qareports";
  labels[kManagedByLabel] = "qareports";
  labels[kEnvironmentLabel] = env.name;
}

}  // namespace

bool IsClusterScoped(const std::string& kind) {
  static const std::set<std::string> kinds = {
      "Namespace",          "Node",          "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
      "StorageClass",       "PriorityClass", "IngressClass",     "RuntimeClass", "CustomResourceDefinition",
      "APIService",         "CSIDriver",     "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"};
  return kinds.count(kind) > 0;
}

Result<std::map<std::string, std::string>> Values(const config::Config& config, const config::Environment& env,
                                                  const sys::FileSystem& fs) {
  std::map<std::string, std::string> values = env.values;
  values["environment"] = env.name;
  values["namespace"] = env.namespace_;
  values["squad_image"] = config.squad_image;
  std::optional<std::string> version = config.squad_version;
  if (!version) {
    std::string file = (fs::path(config.root) / config.pin.file).string();
    Result<std::string> text = fs.Read(file);
    if (!text.ok()) return Error::InvalidInput("cannot read the SQUAD version pin", file);
    Result<std::optional<version::PinValue>> pin = version::ReadPin(*text, config.pin);
    if (!pin.ok()) return pin.error();
    if (!pin->has_value()) return Error::InvalidInput("no SQUAD version pin in " + config.pin.file, file, "squad.pin");
    if (Result<version::Version> parsed = version::Parse((*pin)->text); !parsed.ok()) {
      return Error::InvalidInput("\"" + (*pin)->text + "\" is not a SQUAD version: " + parsed.error().message,
                                 config.pin.file + ":" + std::to_string((*pin)->line), "squad.pin");
    }
    version = (*pin)->text;
  }
  values["squad_version"] = *version;
  values["image"] = config.squad_image + ":" + *version;
  return values;
}

Result<Rendered> RenderPaths(const std::vector<std::string>& paths, const config::Config& config,
                             const config::Environment& env, const sys::FileSystem& fs, const sys::Environment& vars,
                             bool require_secrets, bool packed) {
  Result<std::map<std::string, std::string>> values = Values(config, env, fs);
  if (!values.ok()) return values.error();
  config::Problems problems{"", {}};
  std::vector<std::string> missing;
  SecretLookup lookup = [&](const std::string& key) -> std::optional<std::string> {
    auto source = env.secret_envs.find(key);
    if (source == env.secret_envs.end()) return std::nullopt;
    return vars.Get(source->second);
  };
  Rendered rendered;
  std::map<std::string, size_t> index;  // identity -> position in rendered.objects
  for (const std::string& path : paths) {
    std::set<std::string> in_this_path;
    for (const std::string& file : Files(config.root, path, fs, problems)) {
      Result<std::string> text = fs.Read(file);
      if (!text.ok()) {
        problems.list.push_back(Error::InvalidInput(text.error().message, fs::relative(file, config.root).string()));
        continue;
      }
      problems.file = fs::relative(file, config.root).string();
      ParseManifest(*text, problems.file, *values, lookup, [&](SourcedObject&& o) {
        if (!o.object.is_object() || !o.object.contains("metadata")) return;
        AddDefaults(o.object, env);
        std::string id = Identity(o.object);
        if (!in_this_path.insert(id).second) {
          problems.list.push_back(
              Error::InvalidInput("is defined twice in " + path, o.file + ":" + std::to_string(o.line), o.Describe()));
        } else if (auto at = index.find(id); at != index.end()) {
          SourcedObject& earlier = rendered.objects[at->second];
          if (earlier.packed.empty()) {
            earlier.object.merge_patch(o.object);  // an overlay
          } else {
            nlohmann::json merged = earlier.Tree();
            merged.merge_patch(o.object);
            earlier.packed = merged.dump();
          }
          for (SecretUse& use : o.secrets) earlier.secrets.push_back(use);
        } else {
          index[id] = rendered.objects.size();
          if (packed) o.packed = o.object.dump(), o.object = nullptr;
          rendered.objects.push_back(std::move(o));
        }
      }, problems);
    }
  }
  for (const SourcedObject& o : rendered.objects) {
    std::string name = o.secrets.empty() ? "" : o.Tree()["metadata"].value("name", "");
    for (const SecretUse& use : o.secrets) {
      auto source = env.secret_envs.find(use.secret_key);
      if (source == env.secret_envs.end()) {
        problems.list.push_back(Error::InvalidInput(
            "${secret:" + use.secret_key + "} is not among environments." + env.name + ".secrets",
            o.file + ":" + std::to_string(o.line), o.Describe()));
        continue;
      }
      bool set = vars.Get(source->second).has_value();
      rendered.secrets.push_back({source->second, set, name, use.data_key});
      if (!set && std::find(missing.begin(), missing.end(), source->second) == missing.end()) {
        missing.push_back(source->second);
      }
    }
  }
  if (!problems.list.empty()) {
    Error first = problems.list.front();
    for (size_t i = 1; i < problems.list.size(); ++i) first.message += "\n" + problems.list[i].ToString();
    return first;
  }
  if (require_secrets && !missing.empty()) {
    return Error::InvalidInput("the secrets of " + env.name + " need these CI variables, which are not set: " +
                               util::Join(missing, ", "));
  }
  return rendered;
}

Result<Rendered> Render(const config::Config& config, const config::Environment& env, const sys::FileSystem& fs,
                        const sys::Environment& vars, bool require_secrets, bool packed) {
  return RenderPaths(env.manifests, config, env, fs, vars, require_secrets, packed);
}

nlohmann::json Masked(const SourcedObject& o, const std::vector<SecretSource>& secrets) {
  nlohmann::json copy = o.object;
  if (copy.value("kind", "") != "Secret") return copy;
  std::string name = copy["metadata"].value("name", "");
  for (const char* field : {"data", "stringData"}) {
    if (!copy.contains(field) || !copy[field].is_object()) continue;
    for (auto& [key, value] : copy[field].items()) {
      std::string note = "(masked)";
      for (const SecretSource& s : secrets) {
        if (s.object == name && s.key == key) note = "(secret from $" + s.variable + ")";
      }
      value = note;
    }
  }
  return copy;
}

}  // namespace qareports::manifest
