#include "config/environment_reader.h"

#include <regex>

#include "config/terraform_reader.h"
#include "util/linear_regex.h"
#include "util/strings.h"

namespace qareports::config {
namespace {

const std::regex kVariableName("[A-Za-z_][A-Za-z0-9_]*", util::kLinearRegex);
const std::regex kSecretKey("[-._A-Za-z0-9]+", util::kLinearRegex);

// What the http check's keys must be beyond strings: a regex that compiles,
// booleans, `auth` token or bearer, `json` a mapping of JSON pointers.
void ReadHttpExtras(YamlMap& map, Check& check, Problems& problems) {
  auto param = [&](const char* key) { return check.params.count(key) ? check.params[key] : std::string(); };
  if (std::string regex = param("body_regex"); !regex.empty()) {
    if (Result<util::UserRegex> compiled = util::UserRegex::Compile(regex); !compiled.ok()) {
      problems.Add(map.Take("body_regex"), map.Field("body_regex"), compiled.error().message);
    }
  }
  for (const char* key : {"follow_redirects", "insecure"}) {
    std::string value = param(key);
    if (!value.empty() && value != "true" && value != "false") {
      problems.Add(map.Take(key), map.Field(key), "must be true or false");
    }
  }
  if (std::string auth = param("auth"); !auth.empty() && auth != "token" && auth != "bearer") {
    problems.Add(map.Take("auth"), map.Field("auth"), "must be token (Authorization: Token) or bearer (Authorization: Bearer)");
  }
  YAML::Node json = map.Take("json");
  if (!json) return;
  if (!json.IsMap()) {
    problems.Add(json, map.Field("json"), "must be a mapping of JSON pointers (\"/status\") to the values expected there");
    return;
  }
  for (const auto& pair : json) {
    std::string pointer = pair.first.Scalar();
    std::string field = map.Field("json") + "." + pointer;
    if (!pointer.empty() && pointer[0] != '/') {
      problems.Add(pair.first, field, "a JSON pointer starts with \"/\" (\"/" + pointer + "\")");
    } else if (!pair.second.IsScalar()) {
      problems.Add(pair.second, field, "must be a scalar: the value expected at " + pointer);
    } else {
      check.json[pointer] = pair.second.Scalar();
    }
  }
}

std::optional<Check> ReadCheck(const YAML::Node& node, const std::string& field, Problems& problems) {
  YamlMap map(node, field, problems);
  if (!map.valid()) return std::nullopt;
  std::optional<std::string> name = map.String("name", true);
  std::optional<std::string> kind = map.String("kind", true);
  if (!kind) return std::nullopt;
  std::optional<CheckKeys> keys = KeysOfCheck(*kind);
  if (!keys) {
    std::string message = "unknown check kind \"" + *kind + "\"";
    if (auto near = util::Nearest(*kind, CheckKinds())) message += " (did you mean \"" + *near + "\"?)";
    else message += " (valid: " + util::Join(CheckKinds(), ", ") + ")";
    problems.Add(map.Take("kind"), map.Field("kind"), message);
    return std::nullopt;
  }
  Check check{name.value_or(""), *kind, {}, {}};
  for (size_t i = 0; i < keys->keys.size(); ++i) {
    if (auto value = map.String(keys->keys[i], i < keys->required)) check.params[keys->keys[i]] = *value;
  }
  if (*kind == "http") ReadHttpExtras(map, check, problems);
  map.RejectUnknown();
  if (!name) return std::nullopt;
  return check;
}

std::optional<Gate> ReadGate(const YAML::Node& node, const std::string& field, Problems& problems) {
  if (!node || node.IsNull()) return std::nullopt;
  YamlMap map(node, field, problems);
  if (!map.valid()) return std::nullopt;
  Gate gate;
  gate.from = map.String("from", true).value_or("");
  gate.soak_seconds = map.Duration("soak").value_or(0);
  gate.checks = map.StringList("checks").value_or(std::vector<std::string>{});
  map.RejectUnknown();
  return gate;
}

}  // namespace

std::vector<std::string> CheckKinds() { return {"http", "squad-version", "smtp", "tcp", "job", "workloads"}; }

std::optional<CheckKeys> KeysOfCheck(const std::string& kind) {
  if (kind == "http") {
    return CheckKeys{{"url", "status", "body", "body_regex", "token_env", "auth", "timeout", "retries",
                      "follow_redirects", "ca_file", "insecure"},
                     1};
  }
  if (kind == "squad-version") return CheckKeys{{"url", "version", "timeout", "retries"}, 1};
  if (kind == "smtp") {
    return CheckKeys{{"host", "port", "starttls", "send_to", "mail_from", "timeout", "insecure"}, 2};
  }
  if (kind == "tcp") return CheckKeys{{"host", "port", "timeout"}, 2};
  if (kind == "job") return CheckKeys{{"manifest", "timeout"}, 1};
  if (kind == "workloads") return CheckKeys{{}, 0};
  return std::nullopt;
}

Environment ReadEnvironment(const std::string& name, const YAML::Node& node, Problems& problems) {
  Environment env;
  env.name = name;
  std::string field = "environments." + name;
  YamlMap map(node, field, problems);
  if (!map.valid()) return env;
  if (YAML::Node kube_node = map.Take("kube"); !kube_node) {
    problems.Add(node, map.Field("kube"), "is required");
  } else if (YamlMap kube(kube_node, map.Field("kube"), problems); kube.valid()) {
    env.context = kube.String("context", true).value_or("");
    env.namespace_ = kube.String("namespace", true).value_or("");
    if (!env.namespace_.empty() && !util::IsDnsLabel(env.namespace_)) {
      problems.Add(Child(kube_node, "namespace"), kube.Field("namespace"),
                   "\"" + env.namespace_ + "\" is not a namespace name: at most 63 lower-case letters, digits and "
                   "'-', starting and ending with a letter or digit (RFC 1123)");
    }
    env.cluster_file = kube.String("cluster", false).value_or("");
    env.max_requests_in_flight =
        static_cast<int>(kube.Integer("max_requests_in_flight", 1, 1000).value_or(env.max_requests_in_flight));
    kube.RejectUnknown();
  }
  env.manifests = map.StringList("manifests").value_or(std::vector<std::string>{});
  env.migration_job = map.String("migration", false).value_or("");
  env.values = ReadScalarMap(map.Take("values"), map.Field("values"), kVariableName,
                             "must be a name of letters, digits and underscores", problems);
  env.secret_envs = ReadEnvSources(map.Take("secrets"), map.Field("secrets"), kSecretKey,
                                   "must be a valid Secret key (letters, digits, '-', '_', '.')", problems);
  if (YAML::Node timeouts = map.Take("timeouts")) {
    YamlMap t(timeouts, map.Field("timeouts"), problems);
    env.rollout_timeout_seconds = t.Duration("rollout").value_or(env.rollout_timeout_seconds);
    env.migration_timeout_seconds = t.Duration("migration").value_or(env.migration_timeout_seconds);
    env.unschedulable_grace_seconds = t.Duration("unschedulable").value_or(env.unschedulable_grace_seconds);
    t.RejectUnknown();
  }
  if (YAML::Node checks = map.Take("checks"); checks && !checks.IsNull()) {
    if (!checks.IsSequence()) problems.Add(checks, map.Field("checks"), "must be a list of checks");
    for (size_t i = 0; checks.IsSequence() && i < checks.size(); ++i) {
      std::string item = map.Field("checks") + "[" + std::to_string(i) + "]";
      std::optional<Check> check = ReadCheck(checks[i], item, problems);
      if (!check) continue;
      for (const Check& other : env.checks) {
        if (other.name == check->name) problems.Add(checks[i], item + ".name", "\"" + check->name + "\" is used twice");
      }
      env.checks.push_back(*check);
    }
  }
  env.gate = ReadGate(map.Take("gate"), map.Field("gate"), problems);
  env.terraform = ReadTerraform(map.Take("terraform"), map.Field("terraform"), problems);
  map.RejectUnknown();
  return env;
}

}  // namespace qareports::config
