#include "config/loader.h"

#include <algorithm>
#include <filesystem>
#include <regex>

#include "config/environment_reader.h"
#include "config/report_reader.h"
#include "config/terraform_reader.h"
#include "config/yaml_reader.h"
#include "util/linear_regex.h"
#include "util/strings.h"
#include "util/utf8.h"
#include "version/version.h"

namespace qareports::config {
namespace {

namespace fs = std::filesystem;

const std::regex kEnvironmentName("[a-z0-9]([-a-z0-9]*[a-z0-9])?", util::kLinearRegex);

// What is wrong with `pattern` as a regex naming one value: it does not
// compile, or has other than one capture group. Empty when nothing is.
std::string OneGroupProblem(const std::string& pattern) {
  Result<util::UserRegex> compiled = util::UserRegex::Compile(pattern);
  if (!compiled.ok()) return compiled.error().message;
  return compiled->Groups() == 1 ? std::string() : "must have exactly one capture group";
}

void ReadPin(YamlMap& squad, Config& config, Problems& problems) {
  YAML::Node node = squad.Take("pin");
  std::string own_file = fs::relative(fs::absolute(config.path), config.root).lexically_normal().string();
  config.pin = {own_file, "squad.version", ""};
  if (!node) return;
  YamlMap pin(node, squad.Field("pin"), problems);
  config.pin.file = pin.String("file", true).value_or(own_file);
  std::optional<std::string> key = pin.String("key", false);
  std::optional<std::string> regex = pin.String("regex", false);
  pin.RejectUnknown();
  if (key && regex) problems.Add(node, pin.Field("key"), "give either key or regex, not both");
  if (regex) {
    config.pin.key.clear();
    config.pin.regex = *regex;
    if (std::string problem = OneGroupProblem(*regex); !problem.empty()) {
      problems.Add(pin.Take("regex"), pin.Field("regex"), problem);
    }
  } else if (key) {
    config.pin.key = *key;
  }
}

void ReadSquad(YamlMap& top, Config& config, Problems& problems) {
  YAML::Node node = top.Take("squad");
  if (!node) return problems.Add(YAML::Node(), "squad", "is required");
  YamlMap squad(node, "squad", problems);
  config.squad_image = squad.String("image", true).value_or("");
  config.squad_version = squad.String("version", false);
  if (config.squad_version && !version::Parse(*config.squad_version).ok()) {
    problems.Add(Child(node, "version"), "squad.version",
                 "\"" + *config.squad_version + "\" is not a SQUAD version");
  }
  ReadPin(squad, config, problems);
  squad.RejectUnknown();
}

void ReadRelease(YamlMap& top, Config& config, Problems& problems) {
  config.tag_pattern = "^squad-(.+)$";
  YAML::Node node = top.Take("release");
  if (!node) return;
  YamlMap release(node, "release", problems);
  config.tag_pattern = release.String("tag_pattern", false).value_or(config.tag_pattern);
  if (std::string problem = OneGroupProblem(config.tag_pattern); !problem.empty()) {
    problems.Add(release.Take("tag_pattern"), "release.tag_pattern", problem);
  }
  release.RejectUnknown();
}

void ReadPaths(YamlMap& top, Config& config, Problems& problems) {
  config.config_paths = {"k8s/", "pipelines/environments.yml"};
  config.infra_paths = {"terraform/"};
  YAML::Node node = top.Take("paths");
  if (!node) return;
  YamlMap paths(node, "paths", problems);
  config.config_paths = paths.StringList("config").value_or(config.config_paths);
  config.infra_paths = paths.StringList("infra").value_or(config.infra_paths);
  paths.RejectUnknown();
}

void CheckReferences(const YAML::Node& environments, const Config& config, Problems& problems) {
  for (const auto& [name, env] : config.environments) {
    if (!env.gate) continue;
    std::string field = "environments." + name + ".gate";
    YAML::Node gate = Child(Child(environments, name), "gate");
    auto from = config.environments.find(env.gate->from);
    if (!env.gate->from.empty() && (from == config.environments.end() || env.gate->from == name)) {
      std::string message = "\"" + env.gate->from + "\" is not another environment";
      if (auto near = util::Nearest(env.gate->from, config.EnvironmentNames())) message += " (did you mean \"" + *near + "\"?)";
      problems.Add(Child(gate, "from"), field + ".from", message);
      continue;
    }
    for (size_t i = 0; i < env.gate->checks.size(); ++i) {
      const std::string& wanted = env.gate->checks[i];
      auto named = [&](const Check& c) { return c.name == wanted; };
      bool found = std::any_of(env.checks.begin(), env.checks.end(), named) ||
                   (from != config.environments.end() &&
                    std::any_of(from->second.checks.begin(), from->second.checks.end(), named));
      if (!found) {
        YAML::Node list = Child(gate, "checks");
        problems.Add(list.IsSequence() ? list[i] : list, field + ".checks[" + std::to_string(i) + "]",
                     "no check named \"" + wanted + "\" in " + name + " or " + env.gate->from);
      }
    }
  }
}

void ReadEnvironments(YamlMap& top, const YAML::Node& root, Config& config, Problems& problems) {
  YAML::Node node = top.Take("environments");
  if (!node || node.IsNull() || (node.IsMap() && node.size() == 0)) {
    return problems.Add(node ? node : root, "environments", "is required and must name at least one environment");
  }
  YamlMap environments(node, "environments", problems);
  if (!environments.valid()) return;
  for (const auto& pair : node) {
    std::string name = pair.first.Scalar();
    if (!std::regex_match(name, kEnvironmentName)) {
      problems.Add(pair.first, "environments." + name, "environment names are lower-case letters, digits and '-'");
      continue;
    }
    config.environments[name] = ReadEnvironment(name, pair.second, problems);
  }
  CheckReferences(node, config, problems);
}

// Given manifest paths must exist; without any, an environment renders
// k8s/base and, when it exists, k8s/overlays/<name>.
void CheckManifests(const YAML::Node& root, Config& config, const sys::FileSystem& fs, Problems& problems) {
  for (auto& entry : config.environments) {  // no structured binding: lambdas capture it (clang 14)
    const std::string& name = entry.first;
    Environment& env = entry.second;
    const YAML::Node env_node = Child(Child(root, "environments"), name);
    auto check_file = [&](const std::string& path, const YAML::Node& at, const std::string& field) {
      if (!path.empty() && !fs.Exists((fs::path(config.root) / path).string())) {
        problems.Add(at, "environments." + name + "." + field, "\"" + path + "\" does not exist under " + config.root);
      }
    };
    check_file(env.cluster_file, Child(Child(env_node, "kube"), "cluster"), "kube.cluster");
    check_file(env.migration_job, Child(env_node, "migration"), "migration");
    for (size_t i = 0; i < env.checks.size(); ++i) {
      YAML::Node list = Child(env_node, "checks");
      YAML::Node item = list && list.IsSequence() && i < list.size() ? list[i] : YAML::Node(YAML::NodeType::Undefined);
      for (const char* key : {"manifest", "ca_file"}) {
        auto path = env.checks[i].params.find(key);
        if (path == env.checks[i].params.end()) continue;
        check_file(path->second, Child(item, key), "checks[" + std::to_string(i) + "]." + key);
        if (std::string(key) == "ca_file") path->second = (fs::path(config.root) / path->second).string();
      }
    }
    if (env.migration_job.empty() && fs.Exists((fs::path(config.root) / "k8s/jobs/migrate.yml").string())) {
      env.migration_job = "k8s/jobs/migrate.yml";
    }
    if (env.manifests.empty()) {
      env.manifests.push_back("k8s/base");
      std::string overlay = "k8s/overlays/" + name;
      if (fs.IsDirectory((fs::path(config.root) / overlay).string())) env.manifests.push_back(overlay);
      continue;
    }
    YAML::Node list = Child(Child(Child(root, "environments"), name), "manifests");
    for (size_t i = 0; i < env.manifests.size(); ++i) {
      if (!fs.Exists((fs::path(config.root) / env.manifests[i]).string())) {
        problems.Add(list.IsSequence() ? list[i] : list, "environments." + name + ".manifests[" + std::to_string(i) + "]",
                     "\"" + env.manifests[i] + "\" does not exist under " + config.root);
      }
    }
  }
}

Error Summarise(const Problems& problems) {
  Error first = problems.list.front();
  for (size_t i = 1; i < problems.list.size(); ++i) first.message += "\n" + problems.list[i].ToString();
  return first;
}

}  // namespace

std::vector<std::string> Config::EnvironmentNames() const {
  std::vector<std::string> names;
  for (const auto& [name, env] : environments) names.push_back(name);
  return names;
}

Result<Config> Parse(const std::string& text, const std::string& path, const sys::FileSystem& fs) {
  Problems problems{path, {}};
  if (!util::IsValidUtf8(text)) {
    size_t good = 0;
    uint32_t cp = 0;
    while (size_t len = good < text.size() ? util::DecodeUtf8(text, good, cp) : 0) good += len;
    long line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(good), '\n');
    return Error::InvalidInput("is not UTF-8 text (the first bad byte is at offset " + std::to_string(good) + ")",
                               path + ":" + std::to_string(line));
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    problems.AddAt(e.mark, "", "not valid YAML: " + e.msg);
    return Summarise(problems);
  }
  if (!root || root.IsNull()) {
    return Error::InvalidInput("the configuration is empty: it must be a YAML mapping with squad and environments",
                               path + ":1");
  }
  if (!root.IsMap()) {
    problems.Add(root, "", "the configuration must be a YAML mapping");
    return Summarise(problems);
  }
  Config config;
  config.path = path;
  YamlMap top(root, "", problems);
  std::string root_dir = top.String("root", false).value_or("..");
  config.root = (fs::absolute(path).parent_path() / root_dir).lexically_normal().string();
  if (config.root.size() > 1 && config.root.back() == '/') config.root.pop_back();
  ReadSquad(top, config, problems);
  ReadRelease(top, config, problems);
  ReadPaths(top, config, problems);
  ReadTerraformSettings(top.Take("terraform"), config, problems);
  ReadReport(top.Take("report"), config, problems);
  ReadEnvironments(top, root, config, problems);
  top.RejectUnknown();
  CheckManifests(root, config, fs, problems);
  if (!config.pin.file.empty() && !fs.Exists((fs::path(config.root) / config.pin.file).string())) {
    problems.Add(Child(Child(Child(root, "squad"), "pin"), "file"), "squad.pin.file",
                 "\"" + config.pin.file + "\" does not exist under " + config.root);
  }
  if (!problems.list.empty()) return Summarise(problems);
  return config;
}

Result<Config> Load(const std::string& path, const sys::FileSystem& fs) {
  Result<std::string> text = fs.Read(path);
  if (!text.ok()) return Error::InvalidInput("cannot read the configuration: " + text.error().message, path);
  return Parse(*text, path, fs);
}

}  // namespace qareports::config
