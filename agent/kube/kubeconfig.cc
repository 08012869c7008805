#include "kube/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "util/base64.h"
#include "util/strings.h"

namespace qareports::kube {
namespace {

namespace fs = std::filesystem;

struct Entry {
  YAML::Node node;   // the cluster, user or context mapping
  std::string file;  // the file that defined it
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::vector<std::string> files;
};

std::string Place(const std::string& file, const YAML::Node& node) {
  return node.Mark().is_null() ? file : file + ":" + std::to_string(node.Mark().line + 1);
}

std::string Str(const YAML::Node& map, const std::string& key) {
  if (!map.IsMap()) return "";
  const YAML::Node& m = map;
  YAML::Node v = m[key];
  return v && v.IsScalar() ? v.Scalar() : "";
}

Status MergeList(const YAML::Node& root, const std::string& list, const std::string& inner, const std::string& file,
                 std::map<std::string, Entry>& into) {
  const YAML::Node& r = root;
  YAML::Node items = r[list];
  if (!items || items.IsNull()) return Ok();
  if (!items.IsSequence()) return Error::InvalidInput("must be a list", Place(file, items), list);
  for (const YAML::Node& item : items) {
    std::string name = Str(item, "name");
    const YAML::Node& it = item;
    if (name.empty() || !it[inner] || !it[inner].IsMap()) {
      return Error::InvalidInput("each entry needs a name and a " + inner + " mapping", Place(file, item), list);
    }
    into.emplace(name, Entry{it[inner], file});  // the first definition wins
  }
  return Ok();
}

Result<Merged> LoadFiles(const std::vector<std::string>& paths, bool required, const sys::FileSystem& fs,
                         std::string& current_context) {
  Merged merged;
  for (const std::string& path : paths) {
    if (path.empty()) continue;
    Result<std::string> text = fs.Read(path);
    if (!text.ok()) {
      if (required) return Error::InvalidInput("cannot read the kubeconfig: " + text.error().message, path);
      continue;
    }
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      return Error::InvalidInput("not a valid kubeconfig: " + e.msg, path + ":" + std::to_string(e.mark.line + 1));
    }
    if (root.IsNull()) continue;
    if (!root.IsMap()) return Error::InvalidInput("a kubeconfig must be a mapping", path);
    for (auto [list, inner, into] : {std::tuple{"clusters", "cluster", &merged.clusters},
                                     std::tuple{"users", "user", &merged.users},
                                     std::tuple{"contexts", "context", &merged.contexts}}) {
      if (Status s = MergeList(root, list, inner, path, *into); !s.ok()) return s.error();
    }
    if (current_context.empty()) current_context = Str(root, "current-context");
    merged.files.push_back(path);
  }
  return merged;
}

// A file a kubeconfig names, relative to the kubeconfig's own folder.
Result<std::string> ReadReferenced(const Entry& e, const std::string& key, const sys::FileSystem& fs) {
  fs::path p = Str(e.node, key);
  if (p.is_relative()) p = fs::path(e.file).parent_path() / p;
  Result<std::string> text = fs.Read(p.string());
  if (!text.ok()) return Error::InvalidInput("cannot read " + p.string(), Place(e.file, e.node), key);
  return text;
}

Result<std::string> DataOrFile(const Entry& e, const std::string& data_key, const std::string& file_key,
                               const sys::FileSystem& fs) {
  if (std::string data = Str(e.node, data_key); !data.empty()) {
    std::optional<std::string> decoded = util::Base64Decode(data);
    if (!decoded) return Error::InvalidInput("is not base64", Place(e.file, e.node), data_key);
    return *decoded;
  }
  if (!Str(e.node, file_key).empty()) return ReadReferenced(e, file_key, fs);
  return std::string();
}

Result<ExecPlugin> ReadExec(const Entry& user) {
  const YAML::Node& u = user.node;
  YAML::Node exec = u["exec"];
  ExecPlugin plugin;
  plugin.api_version = Str(exec, "apiVersion");
  plugin.command = Str(exec, "command");
  plugin.install_hint = Str(exec, "installHint");
  if (plugin.command.empty()) return Error::InvalidInput("exec needs a command", Place(user.file, exec), "exec.command");
  const YAML::Node& ex = exec;
  if (YAML::Node args = ex["args"]; args && args.IsSequence()) {
    for (const YAML::Node& a : args) plugin.args.push_back(a.Scalar());
  }
  if (YAML::Node env = ex["env"]; env && env.IsSequence()) {
    for (const YAML::Node& v : env) plugin.env[Str(v, "name")] = Str(v, "value");
  }
  plugin.provide_cluster_info = Str(exec, "provideClusterInfo") == "true";
  return plugin;
}

Result<Target> FromContext(const Merged& merged, const std::string& context, const sys::FileSystem& fs) {
  std::string files = util::Join(merged.files, ":");
  auto ctx = merged.contexts.find(context);
  if (ctx == merged.contexts.end()) {
    std::vector<std::string> names;
    for (const auto& [name, e] : merged.contexts) names.push_back(name);
    return Error::InvalidInput("context \"" + context + "\" is not in the kubeconfig " + files + " (its contexts: " +
                                   (names.empty() ? "none" : util::Join(names, ", ")) + ")",
                               files, "context");
  }
  Target t;
  t.context = context;
  t.source = files;
  t.cluster_name = Str(ctx->second.node, "cluster");
  t.user_name = Str(ctx->second.node, "user");
  t.namespace_ = Str(ctx->second.node, "namespace");
  auto cluster = merged.clusters.find(t.cluster_name);
  if (cluster == merged.clusters.end()) {
    return Error::InvalidInput("context \"" + context + "\" names cluster \"" + t.cluster_name + "\", which " + files +
                                   " does not define",
                               Place(ctx->second.file, ctx->second.node), "context.cluster");
  }
  const Entry& c = cluster->second;
  t.server = Str(c.node, "server");
  while (!t.server.empty() && t.server.back() == '/') t.server.pop_back();
  if (t.server.empty()) return Error::InvalidInput("the cluster has no server", Place(c.file, c.node), "cluster.server");
  if (t.server.rfind("https://", 0) != 0 && t.server.rfind("http://", 0) != 0) {
    return Error::InvalidInput("\"" + t.server + "\" is not an https:// (or http://) URL", Place(c.file, c.node),
                               "cluster.server");
  }
  t.tls.insecure = Str(c.node, "insecure-skip-tls-verify") == "true";
  t.ca_data_base64 = Str(c.node, "certificate-authority-data");
  Result<std::string> ca = DataOrFile(c, "certificate-authority-data", "certificate-authority", fs);
  if (!ca.ok()) return ca.error();
  t.tls.ca_pem = *ca;
  auto user = merged.users.find(t.user_name);
  if (user == merged.users.end()) return t;  // no credentials: anonymous, as kubectl does
  const Entry& u = user->second;
  t.token = Str(u.node, "token");
  if (!Str(u.node, "tokenFile").empty()) {
    fs::path p = Str(u.node, "tokenFile");
    t.token_file = (p.is_relative() ? fs::path(u.file).parent_path() / p : p).string();
  }
  Result<std::string> cert = DataOrFile(u, "client-certificate-data", "client-certificate", fs);
  if (!cert.ok()) return cert.error();
  Result<std::string> key = DataOrFile(u, "client-key-data", "client-key", fs);
  if (!key.ok()) return key.error();
  t.tls.client_cert_pem = *cert;
  t.tls.client_key_pem = *key;
  const YAML::Node& un = u.node;
  if (un["exec"]) {
    Result<ExecPlugin> exec = ReadExec(u);
    if (!exec.ok()) return exec.error();
    t.exec = *exec;
  }
  return t;
}

Result<Target> InCluster(const std::string& dir, const sys::Environment& env, const sys::FileSystem& fs) {
  std::optional<std::string> host = env.Get("KUBERNETES_SERVICE_HOST");
  std::optional<std::string> port = env.Get("KUBERNETES_SERVICE_PORT");
  Target t;
  t.context = "in-cluster";
  t.server = "https://" + (host->find(':') != std::string::npos ? "[" + *host + "]" : *host) + ":" + port.value_or("443");
  t.token_file = dir + "/token";
  Result<std::string> ca = fs.Read(dir + "/ca.crt");
  if (!ca.ok()) return Error::Unavailable("in-cluster configuration without " + dir + "/ca.crt");
  t.tls.ca_pem = *ca;
  if (Result<std::string> ns = fs.Read(dir + "/namespace"); ns.ok()) t.namespace_ = util::Trim(*ns);
  t.source = dir;
  return t;
}

}  // namespace

Result<Target> ResolveTarget(const TargetRequest& request, const sys::Environment& env, const sys::FileSystem& fs) {
  std::vector<std::string> paths;
  bool required = !request.kubeconfig.empty();
  if (required) {
    paths.push_back(request.kubeconfig);
  } else if (std::optional<std::string> list = env.Get("KUBECONFIG"); list && !list->empty()) {
    paths = util::Split(*list, ':');
  } else if (std::optional<std::string> home = env.Get("HOME"); home && !home->empty()) {
    paths.push_back(*home + "/.kube/config");
  }
  std::string current;
  Result<Merged> merged = LoadFiles(paths, required, fs, current);
  if (!merged.ok()) return merged.error();
  if (merged->files.empty()) {
    if (env.Get("KUBERNETES_SERVICE_HOST")) return InCluster(request.service_account_dir, env, fs);
    return Error::Unavailable("no kubeconfig found (looked at " + (paths.empty() ? "nothing" : util::Join(paths, ":")) +
                              "); give --kubeconfig or set KUBECONFIG");
  }
  std::string context = request.context.empty() ? current : request.context;
  if (context.empty()) {
    return Error::InvalidInput("no context given and no current-context in " + util::Join(merged->files, ":"),
                               util::Join(merged->files, ":"), "context");
  }
  return FromContext(*merged, context, fs);
}

}  // namespace qareports::kube
