#include "manifest/renderer.h"

#include <filesystem>
#include <set>
#include <tuple>
#include <unordered_map>

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
  // Upstream tags its images without the "v" of its git tags: one spelling
  // for the image, the release record and the version check alike.
  values["squad_version"] = version::TagOf(*version);
  values["image"] = config.squad_image + ":" + values["squad_version"];
  return values;
}

Result<nlohmann::json> StoredObjects::Tree(size_t i) const {
  Result<std::string> text = spill.Get(objects[i].json);
  if (!text.ok()) return text.error();
  return nlohmann::json::parse(*text);
}

std::string StoredObjects::Source(size_t i) const {
  return files[objects[i].file] + ":" + std::to_string(objects[i].line);
}

namespace {

// The objects rendered so far, in memory or stored, and who each one is:
// a plan of thousands keeps a hash of each identity, not the identity.
class Objects {
 public:
  Objects(Rendered& rendered, StoredObjects* store) : rendered_(rendered), store_(store) {}

  struct Seen {
    size_t position;
    size_t path;  // the last manifest path that defined it
  };
  // Where the object with this identity is, if it has been rendered.
  Seen* Find(const std::string& id) {
    auto at = by_hash_.find(std::hash<std::string>()(id));
    if (at == by_hash_.end()) return nullptr;
    if (Identity(at->second.position) == id) return &at->second;
    auto other = collided_.find(id);
    return other == collided_.end() ? nullptr : &other->second;
  }
  Status Add(SourcedObject&& o, const std::string& id, size_t path) {
    size_t position = store_ ? store_->objects.size() : rendered_.objects.size();
    if (!by_hash_.emplace(std::hash<std::string>()(id), Seen{position, path}).second) {
      collided_.emplace(id, Seen{position, path});
    }
    if (!store_) {
      rendered_.objects.push_back(std::move(o));
      return Ok();
    }
    Result<util::Spill::Ref> ref = store_->spill.Put(o.object.dump());
    if (!ref.ok()) return ref.error();
    if (store_->files.empty() || store_->files.back() != o.file) store_->files.push_back(o.file);
    store_->objects.push_back({*ref, static_cast<uint32_t>(store_->files.size() - 1), static_cast<uint32_t>(o.line)});
    return Ok();
  }
  // An overlay: merged into the earlier object (JSON merge patch).
  Status Merge(size_t position, const nlohmann::json& patch) {
    if (!store_) {
      rendered_.objects[position].object.merge_patch(patch);
      return Ok();
    }
    Result<nlohmann::json> merged = store_->Tree(position);
    if (!merged.ok()) return merged.error();
    merged->merge_patch(patch);
    Result<util::Spill::Ref> ref = store_->spill.Put(merged->dump());
    if (!ref.ok()) return ref.error();
    store_->objects[position].json = *ref;
    return Ok();
  }
  std::pair<std::string, int> Place(size_t position) const {
    if (store_) return {store_->files[store_->objects[position].file], store_->objects[position].line};
    return {rendered_.objects[position].file, rendered_.objects[position].line};
  }

 private:
  std::string Identity(size_t position) const {
    if (!store_) return manifest::Identity(rendered_.objects[position].object);
    Result<nlohmann::json> tree = store_->Tree(position);
    return tree.ok() ? manifest::Identity(*tree) : "";
  }

  Rendered& rendered_;
  StoredObjects* store_;
  std::unordered_map<size_t, Seen> by_hash_;
  std::map<std::string, Seen> collided_;  // identities whose hash an earlier one has
};

// The secret values one object uses, and where to say so.
struct SecretsOf {
  std::string name;
  std::string place;     // file:line
  std::string describe;  // as SourcedObject::Describe
  std::vector<SecretUse> uses;
};

}  // namespace

Result<Rendered> RenderPaths(const std::vector<std::string>& paths, const config::Config& config,
                             const config::Environment& env, const sys::FileSystem& fs, const sys::Environment& vars,
                             bool require_secrets, StoredObjects* store) {
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
  Objects objects(rendered, store);
  std::map<size_t, SecretsOf> secrets_of;  // by position: the objects that use secrets
  std::optional<Error> failed;             // the store could not be written
  for (size_t path_number = 0; path_number < paths.size(); ++path_number) {
    const std::string& path = paths[path_number];
    for (const std::string& file : Files(config.root, path, fs, problems)) {
      problems.file = fs::relative(file, config.root).string();
      ManifestParser parser(problems.file, *values, lookup, [&](SourcedObject&& o) {
        if (!o.object.is_object() || !o.object.contains("metadata") || failed) return;
        AddDefaults(o.object, env);
        std::string id = Identity(o.object);
        Objects::Seen* seen = objects.Find(id);
        if (seen && seen->path == path_number) {
          problems.list.push_back(
              Error::InvalidInput("is defined twice in " + path, o.file + ":" + std::to_string(o.line), o.Describe()));
          return;
        }
        size_t position = seen ? seen->position : store ? store->objects.size() : rendered.objects.size();
        if (!o.secrets.empty()) {
          SecretsOf& of = secrets_of[position];
          if (of.place.empty()) {  // said at the object that an overlay's secrets join
            SourcedObject where{nlohmann::json::object(), o.file, o.line, {}};
            if (seen) std::tie(where.file, where.line) = objects.Place(position);
            where.object["kind"] = o.object["kind"];
            where.object["metadata"] = o.object["metadata"];
            of = {o.object["metadata"].value("name", ""), where.file + ":" + std::to_string(where.line),
                  where.Describe(), {}};
          }
          of.uses.insert(of.uses.end(), o.secrets.begin(), o.secrets.end());
        }
        Status done = Ok();
        if (seen) {
          seen->path = path_number;
          done = objects.Merge(position, o.object);  // an overlay
          if (!store) {
            std::vector<SecretUse>& uses = rendered.objects[position].secrets;
            uses.insert(uses.end(), o.secrets.begin(), o.secrets.end());
          }
        } else {
          done = objects.Add(std::move(o), id, path_number);
        }
        if (!done.ok()) failed = done.error();
      }, problems);
      Status read = fs.ReadInParts(file, [&](std::string_view part) { parser.Add(part); });
      if (!read.ok()) {
        problems.list.push_back(Error::InvalidInput(read.error().message, problems.file));
        continue;
      }
      parser.Finish();
    }
  }
  if (failed) return *failed;
  if (store) store->objects.shrink_to_fit();  // a plan of thousands keeps it while it runs
  for (const auto& [position, of] : secrets_of) {
    for (const SecretUse& use : of.uses) {
      auto source = env.secret_envs.find(use.secret_key);
      if (source == env.secret_envs.end()) {
        problems.list.push_back(Error::InvalidInput(
            "${secret:" + use.secret_key + "} is not among environments." + env.name + ".secrets", of.place,
            of.describe));
        continue;
      }
      bool set = vars.Get(source->second).has_value();
      rendered.secrets.push_back({source->second, set, of.name, use.data_key});
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
                        const sys::Environment& vars, bool require_secrets, StoredObjects* store) {
  return RenderPaths(env.manifests, config, env, fs, vars, require_secrets, store);
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
