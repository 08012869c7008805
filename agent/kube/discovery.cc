#include "kube/discovery.h"

namespace qareports::kube {
namespace {

constexpr const char* kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

std::vector<std::string> Verbs(const nlohmann::json& j) {
  std::vector<std::string> verbs;
  if (j.contains("verbs") && j["verbs"].is_array()) {
    for (const auto& v : j["verbs"]) {
      if (v.is_string()) verbs.push_back(v);
    }
  }
  return verbs;
}

void FromAggregated(const nlohmann::json& list, std::vector<ResourceInfo>& out) {
  for (const auto& item : list.value("items", nlohmann::json::array())) {
    std::string group = item.contains("metadata") ? item["metadata"].value("name", "") : "";
    for (const auto& version : item.value("versions", nlohmann::json::array())) {
      for (const auto& r : version.value("resources", nlohmann::json::array())) {
        ResourceInfo info;
        info.group = group;
        info.version = version.value("version", "");
        info.resource = r.value("resource", "");
        info.kind = r.contains("responseKind") ? r["responseKind"].value("kind", "") : "";
        info.namespaced = r.value("scope", "Namespaced") == "Namespaced";
        info.verbs = Verbs(r);
        out.push_back(info);
      }
    }
  }
}

void FromResourceList(const nlohmann::json& list, const std::string& group_version, std::vector<ResourceInfo>& out) {
  size_t slash = group_version.find('/');
  for (const auto& r : list.value("resources", nlohmann::json::array())) {
    std::string name = r.value("name", "");
    if (name.find('/') != std::string::npos) continue;  // subresources
    ResourceInfo info;
    info.group = slash == std::string::npos ? "" : group_version.substr(0, slash);
    info.version = slash == std::string::npos ? group_version : group_version.substr(slash + 1);
    info.resource = name;
    info.kind = r.value("kind", "");
    info.namespaced = r.value("namespaced", true);
    info.verbs = Verbs(r);
    out.push_back(info);
  }
}

Error DiscoveryFailed(const ApiCall& call, const ApiResult& r) {
  return Error::Unavailable("cannot read the API server's discovery (" + call.path + "): " + std::to_string(r.status) +
                            " " + r.Message());
}

Status Legacy(Client& client, std::vector<ResourceInfo>& out) {
  std::vector<std::string> group_versions = {"v1"};
  Result<ApiResult> groups = client.Call(Get("/apis"));
  if (!groups.ok()) return groups.error();
  if (!groups->ok()) return DiscoveryFailed(Get("/apis"), *groups);
  for (const auto& g : groups->json.value("groups", nlohmann::json::array())) {
    for (const auto& v : g.value("versions", nlohmann::json::array())) group_versions.push_back(v.value("groupVersion", ""));
  }
  std::vector<ApiCall> calls;
  for (const std::string& gv : group_versions) calls.push_back(Get((gv == "v1" ? "/api/" : "/apis/") + gv));
  std::vector<Result<ApiResult>> lists = client.CallAll(calls);
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists[i].ok()) return lists[i].error();
    if (!lists[i]->ok()) return DiscoveryFailed(calls[i], *lists[i]);
    FromResourceList(lists[i]->json, group_versions[i], out);
  }
  return Ok();
}

}  // namespace

std::string ResourceInfo::CollectionPath(const std::string& ns) const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (namespaced && !ns.empty()) path += "/namespaces/" + ns;
  return path + "/" + resource;
}

std::string ResourceInfo::ObjectPath(const std::string& ns, const std::string& name) const {
  return CollectionPath(ns) + "/" + name;
}

Discovery Discovery::FromResources(std::vector<ResourceInfo> resources) {
  Discovery d;
  d.resources_ = std::move(resources);
  return d;
}

Result<Discovery> Discovery::Load(Client& client) {
  std::vector<ApiCall> calls = {Get("/api", kAggregatedAccept), Get("/apis", kAggregatedAccept)};
  std::vector<Result<ApiResult>> answers = client.CallAll(calls);
  std::vector<ResourceInfo> resources;
  bool aggregated = true;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].ok()) return answers[i].error();
    if (!answers[i]->ok()) return DiscoveryFailed(calls[i], *answers[i]);
    aggregated = aggregated && answers[i]->content_type.find("as=APIGroupDiscoveryList") != std::string::npos;
  }
  if (aggregated) {
    for (const auto& a : answers) FromAggregated(a->json, resources);
  } else if (Status s = Legacy(client, resources); !s.ok()) {
    return s.error();
  }
  return FromResources(std::move(resources));
}

Result<ResourceInfo> Discovery::Find(const std::string& api_version, const std::string& kind) const {
  for (const ResourceInfo& r : resources_) {
    if (r.ApiVersion() == api_version && r.kind == kind) return r;
  }
  return Error::InvalidInput("the cluster does not serve " + api_version + " " + kind);
}

}  // namespace qareports::kube
