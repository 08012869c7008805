#include "api/discovery.h"

#include <algorithm>

#include "storage/resource_table.h"

namespace qareports::emulator {

namespace {

const char* kAggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

json Verbs(const ResourceInfo& r) {
  if (r.resource == "events" || r.resource == "leases" || r.resource == "configmaps" ||
      r.resource == "secrets" || r.resource == "serviceaccounts" || r.resource == "pods" ||
      r.resource == "services" || r.namespaced)
    return {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  return {"create", "delete", "get", "list", "patch", "update", "watch"};
}

std::vector<std::string> VersionsOf(const std::string& group) {
  std::vector<std::string> out;
  for (const auto& r : AllResources())
    if (r.group == group && std::find(out.begin(), out.end(), r.version) == out.end())
      out.push_back(r.version);
  return out;
}

// What a subresource answers, and the verbs it takes.
struct Subresource {
  std::string group, version, kind;
  json verbs;
};

Subresource Describe(const ResourceInfo& r, const std::string& s) {
  if (s == "scale") return {"autoscaling", "v1", "Scale", {"get", "patch", "update"}};
  if (s == "log") return {"", "v1", "Pod", {"get"}};
  if (s == "token") return {"authentication.k8s.io", "v1", "TokenRequest", {"create"}};
  if (s == "finalize") return {r.group, r.version, r.kind, {"update"}};
  return {r.group, r.version, r.kind, {"get", "patch", "update"}};
}

json AggregatedResource(const ResourceInfo& r) {
  json res = {{"resource", r.resource},
              {"responseKind", {{"group", r.group}, {"version", r.version}, {"kind", r.kind}}},
              {"scope", r.namespaced ? "Namespaced" : "Cluster"},
              {"singularResource", r.singular},
              {"verbs", Verbs(r)}};
  if (!r.short_names.empty()) res["shortNames"] = r.short_names;
  if (!r.categories.empty()) res["categories"] = r.categories;
  json subs = json::array();
  for (const auto& s : r.subresources) {
    Subresource d = Describe(r, s);
    subs.push_back({{"subresource", s},
                    {"responseKind", {{"group", d.group}, {"version", d.version}, {"kind", d.kind}}},
                    {"verbs", d.verbs}});
  }
  if (!subs.empty()) res["subresources"] = subs;
  return res;
}

json AggregatedGroup(const std::string& group) {
  json versions = json::array();
  for (const auto& v : VersionsOf(group)) {
    json resources = json::array();
    for (const auto& r : AllResources())
      if (r.group == group && r.version == v) resources.push_back(AggregatedResource(r));
    versions.push_back({{"version", v}, {"resources", resources}, {"freshness", "Current"}});
  }
  json item = {{"metadata", json::object()}, {"versions", versions}};
  if (!group.empty()) item["metadata"]["name"] = group;
  return item;
}

json Aggregated(bool core) {
  json items = json::array();
  for (const auto& g : Groups())
    if (g.empty() == core) items.push_back(AggregatedGroup(g));
  return {{"kind", "APIGroupDiscoveryList"}, {"apiVersion", "apidiscovery.k8s.io/v2"},
          {"metadata", json::object()}, {"items", items}};
}

json LegacyResourceList(const std::string& group, const std::string& version) {
  json resources = json::array();
  for (const auto& r : AllResources()) {
    if (r.group != group || r.version != version) continue;
    json res = {{"name", r.resource}, {"singularName", r.singular}, {"namespaced", r.namespaced},
                {"kind", r.kind}, {"verbs", Verbs(r)}};
    if (!r.short_names.empty()) res["shortNames"] = r.short_names;
    if (!r.categories.empty()) res["categories"] = r.categories;
    resources.push_back(res);
    for (const auto& s : r.subresources) {
      Subresource d = Describe(r, s);
      json sub = {{"name", r.resource + "/" + s}, {"singularName", ""}, {"namespaced", r.namespaced},
                  {"kind", d.kind}, {"verbs", d.verbs}};
      if (d.group != r.group || d.version != r.version) {
        sub["group"] = d.group;
        sub["version"] = d.version;
      }
      resources.push_back(sub);
    }
  }
  return {{"kind", "APIResourceList"}, {"apiVersion", "v1"},
          {"groupVersion", group.empty() ? version : group + "/" + version},
          {"resources", resources}};
}

json LegacyGroup(const std::string& g) {
  json versions = json::array();
  for (const auto& v : VersionsOf(g))
    versions.push_back({{"groupVersion", g + "/" + v}, {"version", v}});
  return {{"name", g}, {"versions", versions}, {"preferredVersion", versions[0]}};
}

json OpenApiRoot() {
  json paths = json::object();
  for (const auto& g : Groups())
    for (const auto& v : VersionsOf(g)) {
      std::string p = g.empty() ? "api/" + v : "apis/" + g + "/" + v;
      paths[p] = {{"serverRelativeURL", "/openapi/v3/" + p + "?hash=emulator"}};
    }
  return {{"paths", paths}};
}

json OpenApiGroupVersion(const std::string& group, const std::string& version) {
  json paths = json::object();
  for (const auto& r : AllResources()) {
    if (r.group != group || r.version != version) continue;
    std::string prefix = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    std::string p = prefix + (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.resource + "/{name}";
    paths[p] = {{"patch", {{"x-kubernetes-group-version-kind",
                            {{"group", group}, {"version", version}, {"kind", r.kind}}},
                           {"x-kubernetes-action", "patch"},
                           {"parameters", json::array({{{"name", "fieldValidation"}, {"in", "query"},
                                                        {"schema", {{"type", "string"}}}},
                                                       {{"name", "fieldManager"}, {"in", "query"},
                                                        {"schema", {{"type", "string"}}}}})}}}};
  }
  return {{"openapi", "3.0.0"}, {"info", {{"title", "Kubernetes"}, {"version", "v1.32.4"}}},
          {"paths", paths}};
}

}  // namespace

bool ServeDiscovery(const std::string& asked, const std::string& accept, ApiResponse* out) {
  // /version/, /api/, /apis/apps/v1/ answer as without the slash.
  const std::string path = asked.size() > 1 && asked.back() == '/' ? asked.substr(0, asked.size() - 1) : asked;
  bool aggregated = accept.find("as=APIGroupDiscoveryList") != std::string::npos;
  auto send = [&](const json& body, const std::string& ct = "application/json") {
    out->code = 200;
    out->body = body.dump();
    out->content_type = ct;
    return true;
  };
  if (path == "/version")
    return send({{"major", "1"}, {"minor", "32"}, {"gitVersion", "v1.32.4"},
                 {"gitCommit", "59526cd4867447956156ae3a602fcbac10a2c335"}, {"gitTreeState", "clean"},
                 {"buildDate", "2025-04-22T16:02:27Z"}, {"goVersion", "go1.23.6"},
                 {"compiler", "gc"}, {"platform", "linux/amd64"}});
  if (path == "/api") {
    if (aggregated) return send(Aggregated(true), kAggregated);
    return send({{"kind", "APIVersions"}, {"versions", {"v1"}},
                 {"serverAddressByClientCIDRs", {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", "127.0.0.1"}}}}});
  }
  if (path == "/apis") {
    if (aggregated) return send(Aggregated(false), kAggregated);
    json groups = json::array();
    for (const auto& g : Groups())
      if (!g.empty()) groups.push_back(LegacyGroup(g));
    return send({{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}});
  }
  if (path == "/api/v1") return send(LegacyResourceList("", "v1"));
  if (path == "/openapi/v3") return send(OpenApiRoot());
  const std::string oa = "/openapi/v3/";
  if (path.rfind(oa, 0) == 0) {
    std::string rest = path.substr(oa.size());
    if (rest == "api/v1") return send(OpenApiGroupVersion("", "v1"));
    if (rest.rfind("apis/", 0) == 0) {
      std::string gv = rest.substr(5);
      auto slash = gv.find('/');
      if (slash == std::string::npos) return false;
      std::string g = gv.substr(0, slash), v = gv.substr(slash + 1);
      auto vs = VersionsOf(g);
      if (std::find(vs.begin(), vs.end(), v) == vs.end()) return false;
      return send(OpenApiGroupVersion(g, v));
    }
    return false;
  }
  if (path.rfind("/apis/", 0) == 0) {
    std::string gv = path.substr(6);
    auto slash = gv.find('/');
    std::string g = gv.substr(0, slash);
    auto vs = VersionsOf(g);
    if (g.empty() || vs.empty()) return false;
    if (slash == std::string::npos) {
      json group = LegacyGroup(g);
      group["kind"] = "APIGroup";
      group["apiVersion"] = "v1";
      return send(group);
    }
    std::string v = gv.substr(slash + 1);
    if (std::find(vs.begin(), vs.end(), v) == vs.end()) return false;
    return send(LegacyResourceList(g, v));
  }
  return false;
}

}  // namespace qareports::emulator
