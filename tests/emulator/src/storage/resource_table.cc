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
      r("", "v1", "serviceaccounts", "ServiceAccount", "serviceaccount", true, {"sa"}, {"token"}),
      r("", "v1", "pods", "Pod", "pod", true, {"po"}, {"status", "log"}),
      r("", "v1", "events", "Event", "event", true, {"ev"}, {}),
      r("", "v1", "endpoints", "Endpoints", "endpoints", true, {"ep"}, {}),
      r("", "v1", "nodes", "Node", "node", false, {"no"}, {"status"}),
      r("", "v1", "replicationcontrollers", "ReplicationController", "replicationcontroller", true,
        {"rc"}, {"status", "scale"}, true),
      r("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "persistentvolumeclaim", true,
        {"pvc"}, {"status"}),
      r("", "v1", "persistentvolumes", "PersistentVolume", "persistentvolume", false, {"pv"}, {"status"}),
      r("", "v1", "resourcequotas", "ResourceQuota", "resourcequota", true, {"quota"}, {"status"}),
      r("apps", "v1", "deployments", "Deployment", "deployment", true, {"deploy"},
        {"status", "scale"}, true),
      r("apps", "v1", "replicasets", "ReplicaSet", "replicaset", true, {"rs"},
        {"status", "scale"}, true),
      r("apps", "v1", "statefulsets", "StatefulSet", "statefulset", true, {"sts"},
        {"status", "scale"}, true),
      r("apps", "v1", "daemonsets", "DaemonSet", "daemonset", true, {"ds"}, {"status"}, true),
      r("batch", "v1", "jobs", "Job", "job", true, {}, {"status"}, true),
      r("batch", "v1", "cronjobs", "CronJob", "cronjob", true, {"cj"}, {"status"}, true),
      r("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
        "horizontalpodautoscaler", true, {"hpa"}, {"status"}),
      r("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
        "horizontalpodautoscaler", true, {"hpa"}, {"status"}),
      r("coordination.k8s.io", "v1", "leases", "Lease", "lease", true, {}, {}),
      r("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", "networkpolicy", true, {"netpol"}, {}, true),
      r("networking.k8s.io", "v1", "ingresses", "Ingress", "ingress", true, {"ing"}, {"status"}, true),
      r("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "poddisruptionbudget", true,
        {"pdb"}, {"status"}, true),
      r("rbac.authorization.k8s.io", "v1", "roles", "Role", "role", true, {}, {}),
      r("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", "rolebinding", true, {}, {}),
      r("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", "clusterrole", false, {}, {}),
      r("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding",
        "clusterrolebinding", false, {}, {}),
      r("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", "priorityclass", false, {"pc"}, {}),
  };
  // A real server's "all" category (kubectl get all).
  for (auto& i : t)
    for (const char* all : {"pods", "replicationcontrollers", "services", "daemonsets", "deployments",
                            "replicasets", "statefulsets", "horizontalpodautoscalers", "cronjobs", "jobs"})
      if (i.resource == all) i.categories = {"all"};
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
