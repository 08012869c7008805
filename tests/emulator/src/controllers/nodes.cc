#include "controllers/nodes.h"

#include <algorithm>

#include "controllers/controller_util.h"

namespace qareports::emulator {

namespace {

const char* kNodeGroupNode = "emulator-node";

std::vector<std::string> FargateNamespaces(const Rules& rules) {
  std::vector<std::string> out;
  if (!rules.fargate_only) return out;
  for (const auto& ns : rules.fargate_namespaces)
    if (ns != "kube-system") out.push_back(ns);
  return out;
}

json NodeObject(const Rules& rules, const std::string& name, bool fargate, const std::string& now) {
  json capacity = {{"cpu", fargate ? "1" : "2"}, {"memory", fargate ? "2Gi" : "8Gi"},
                   {"ephemeral-storage", "20Gi"}, {"pods", fargate ? "1" : "110"}};
  json labels = {{"kubernetes.io/hostname", name}, {"kubernetes.io/os", "linux"},
                 {"kubernetes.io/arch", "amd64"}, {"topology.kubernetes.io/region", "us-east-1"},
                 {"topology.kubernetes.io/zone", "us-east-1a"}};
  if (fargate) labels["eks.amazonaws.com/compute-type"] = "fargate";
  else labels["eks.amazonaws.com/nodegroup"] = "kube-system";
  auto condition = [&](const char* type, const char* status, const char* reason, const char* message) {
    return json{{"type", type}, {"status", status}, {"reason", reason}, {"message", message},
                {"lastHeartbeatTime", now}, {"lastTransitionTime", now}};
  };
  json node = {
      {"apiVersion", "v1"}, {"kind", "Node"},
      {"metadata", {{"name", name}, {"labels", labels}}},
      {"spec", {{"providerID", "aws:///us-east-1a/" + name}}},
      {"status",
       {{"capacity", capacity}, {"allocatable", capacity},
        {"conditions", json::array({condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                              "kubelet has sufficient memory available"),
                                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                                              "kubelet has no disk pressure"),
                                    condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                              "kubelet has sufficient PID available"),
                                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")})},
        {"addresses", json::array({{{"type", "InternalIP"}, {"address", NodeIp(rules, name)}},
                                   {{"type", "Hostname"}, {"address", name}}})},
        {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
        {"nodeInfo", {{"architecture", "amd64"}, {"operatingSystem", "linux"},
                      {"osImage", "Amazon Linux 2023"}, {"kernelVersion", "6.1.0-emulated"},
                      {"containerRuntimeVersion", "containerd://1.7.27"},
                      {"kubeletVersion", "v1.32.4-eks"}, {"kubeProxyVersion", ""},
                      {"machineID", ""}, {"systemUUID", ""}, {"bootID", ""}}}}}};
  if (fargate)
    node["spec"]["taints"] = json::array(
        {{{"key", "eks.amazonaws.com/compute-type"}, {"value", "fargate"}, {"effect", "NoSchedule"}}});
  return node;
}

}  // namespace

std::string NodeFor(const Rules& rules, const std::string& ns) {
  auto fargate = FargateNamespaces(rules);
  return std::find(fargate.begin(), fargate.end(), ns) != fargate.end() ? "fargate-" + ns : kNodeGroupNode;
}

std::string NodeIp(const Rules& rules, const std::string& node) {
  auto fargate = FargateNamespaces(rules);
  for (std::size_t i = 0; i < fargate.size(); ++i)
    if (node == "fargate-" + fargate[i]) return "10.0.2." + std::to_string(10 + i);
  return "10.0.1.10";
}

void NodeController::Tick() {
  std::string now = FormatTime(clock_.Now());
  auto ensure = [&](const std::string& name, bool fargate) {
    if (store_.Get("nodes", "", name) != nullptr) return;
    json node = NodeObject(rules_, name, fargate, now);
    json created = CreateObject(store_, "nodes", node, now);
    created["status"] = node["status"];  // as its kubelet reports it at once
    store_.Put("nodes", created);
  };
  ensure(kNodeGroupNode, false);
  for (const auto& ns : FargateNamespaces(rules_)) ensure("fargate-" + ns, true);
}

}  // namespace qareports::emulator
