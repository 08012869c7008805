#include "storage/resource_table.h"

#include <algorithm>

namespace qareports::emulator {

bool ResourceInfo::HasSubresource(const std::string& s) const {
  return std::find(subresources.begin(), subresources.end(), s) != subresources.end();
}

static std::vector<ResourceInfo> BuildTable() {
  auto r = [](std::string g, std::string v, std::string res, std::string kind, std::string singular,
              bool ns, std::vector<std::string> shorts, std::vector<std::string> subs,
              bool gen = false) {
    ResourceInfo i;
    i.group = g; i.version = v; i.resource = res; i.kind = kind; i.singular = singular;
    i.namespaced = ns; i.short_names = shorts; i.subresources = subs; i.has_generation = gen;
    return i;
  };
  std::vector<ResourceInfo> t = {
      r("", "v1", "namespaces", "Namespace", "namespace", false, {"ns"}, {"status", "finalize"}),
      r("", "v1", "configmaps", "ConfigMap", "configmap", true, {"cm"}, {}),
      r("", "v1", "secrets", "Secret", "secret", true, {}, {}),
      r("", "v1", "services", "Service", "service", true, {"svc"}, {"status"}),
      r("", "v1", "serviceaccounts", "ServiceAccount", "serviceaccount", true, {"sa"}, {}),
      r("", "v1", "pods", "Pod", "pod", true, {"po"}, {"status", "log"}),
      r("", "v1", "events", "Event", "event", true, {"ev"}, {}),
      r("apps", "v1", "deployments", "Deployment", "deployment", true, {"deploy"},
        {"status", "scale"}, true),
      r("apps", "v1", "replicasets", "ReplicaSet", "replicaset", true, {"rs"},
        {"status", "scale"}, true),
      r("batch", "v1", "jobs", "Job", "job", true, {}, {"status"}, true),
      r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
        "horizontalpodautoscaler", true, {"hpa"}, {"status"}),
      r("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
        "horizontalpodautoscaler", true, {"hpa"}, {"status"}),
      r("coordination.k8s.io", "v1", "leases", "Lease", "lease", true, {}, {}),
      r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", "networkpolicy", true, {"netpol"}, {}),
  };
  for (auto& i : t) {
    if (i.resource == "pods" || i.resource == "services" || i.resource == "deployments" ||
        i.resource == "replicasets" || i.resource == "jobs" || i.resource == "configmaps" ||
        i.resource == "secrets" || i.resource == "serviceaccounts" || i.resource == "events" ||
        i.resource == "horizontalpodautoscalers")
      i.categories = {"all"};
    if (i.resource == "configmaps" || i.resource == "secrets" ||
        i.resource == "serviceaccounts" || i.resource == "events")
      i.categories.clear();
  }
  return t;
}

const std::vector<ResourceInfo>& AllResources() {
  static const std::vector<ResourceInfo> table = BuildTable();
  return table;
}

std::vector<std::string> Groups() {
  std::vector<std::string> out;
  for (const auto& r : AllResources())
    if (std::find(out.begin(), out.end(), r.group) == out.end()) out.push_back(r.group);
  return out;
}

const ResourceInfo* FindResource(const std::string& group, const std::string& version,
                                 const std::string& resource) {
  for (const auto& r : AllResources())
    if (r.group == group && r.version == version && r.resource == resource) return &r;
  return nullptr;
}

const ResourceInfo* FindByKind(const std::string& api_version, const std::string& kind) {
  for (const auto& r : AllResources())
    if (r.ApiVersion() == api_version && r.kind == kind) return &r;
  return nullptr;
}

const ResourceInfo* FindByStorageKey(const std::string& key) {
  for (const auto& r : AllResources())
    if (r.StorageKey() == key) return &r;
  return nullptr;
}

}  // namespace qareports::emulator
