#include "controllers/endpoints_controller.h"

#include "controllers/controller_util.h"
#include "storage/selectors.h"
#include <map>

namespace qareports::emulator {

namespace {

constexpr const char* kTrigger = "endpoints.kubernetes.io/last-change-trigger-time";

// The port a pod serves a Service port on: a number, or a named container port.
int TargetPort(const json& service_port, const json& pod) {
  const json& target = service_port.contains("targetPort") ? service_port["targetPort"] : service_port["port"];
  if (target.is_number_integer()) return target.get<int>();
  if (!target.is_string()) return 0;
  for (const auto& c : pod["spec"].value("containers", json::array()))
    for (const auto& p : c.value("ports", json::array()))
      if (p.value("name", "") == target.get<std::string>()) return p.value("containerPort", 0);
  return 0;
}

json Subsets(const json& service, const std::vector<const json*>& pods) {
  // One subset per distinct set of resolved ports, as the real controller
  // groups them; in practice every pod of a Service has the same ports.
  std::map<std::string, json> subsets;
  for (const json* pod : pods) {
    const json& st = pod->value("status", json::object());
    if (!st.contains("podIP") || (*pod)["metadata"].contains("deletionTimestamp")) continue;
    json ports = json::array();
    for (const auto& sp : service["spec"].value("ports", json::array())) {
      int port = TargetPort(sp, *pod);
      if (port == 0) continue;
      json p = {{"port", port}, {"protocol", sp.value("protocol", "TCP")}};
      if (sp.contains("name")) p["name"] = sp["name"];
      if (sp.contains("appProtocol")) p["appProtocol"] = sp["appProtocol"];
      ports.push_back(p);
    }
    if (ports.empty()) continue;
    const json& m = (*pod)["metadata"];
    json address = {{"ip", st["podIP"]},
                    {"targetRef", {{"kind", "Pod"}, {"namespace", m.value("namespace", "")},
                                   {"name", m.value("name", "")}, {"uid", m.value("uid", "")}}}};
    if ((*pod)["spec"].contains("nodeName")) address["nodeName"] = (*pod)["spec"]["nodeName"];
    json& subset = subsets[ports.dump()];
    subset["ports"] = ports;
    bool ready = PodReady(*pod) || service["spec"].value("publishNotReadyAddresses", false);
    subset[ready ? "addresses" : "notReadyAddresses"].push_back(address);
  }
  json out = json::array();
  for (auto& [ports, subset] : subsets) out.push_back(subset);
  return out;
}

}  // namespace

void EndpointsController::Tick() {
  std::string now = FormatTime(clock_.Now());
  std::vector<json> services;
  for (const json* s : store_.List("services", "")) services.push_back(*s);
  for (const auto& service : services) {
    const json& spec = service["spec"];
    if (!spec.contains("selector") || !spec["selector"].is_object() ||
        spec.value("type", "ClusterIP") == "ExternalName" || service["metadata"].contains("deletionTimestamp"))
      continue;
    Guarded(service, [&] {
      const json& m = service["metadata"];
      std::string ns = m.value("namespace", ""), name = m.value("name", "");
      std::vector<const json*> pods;
      for (const json* p : store_.List("pods", ns))
        if (MatchesMap(spec["selector"], (*p)["metadata"].value("labels", json::object()))) pods.push_back(p);
      json subsets = Subsets(service, pods);
      const json* current = store_.Get("endpoints", ns, name);
      if (current == nullptr) {
        json e = {{"metadata", {{"name", name}, {"namespace", ns},
                                {"annotations", {{kTrigger, now}}}}}};
        if (m.contains("labels")) e["metadata"]["labels"] = m["labels"];
        if (!subsets.empty()) e["subsets"] = subsets;
        CreateObject(store_, "endpoints", e, now);
        return;
      }
      json next = *current;
      if (subsets.empty()) next.erase("subsets");
      else next["subsets"] = subsets;
      if (m.contains("labels")) next["metadata"]["labels"] = m["labels"];
      else next["metadata"].erase("labels");
      if (next != *current) {
        next["metadata"]["annotations"][kTrigger] = now;
        store_.Put("endpoints", next);
      }
    });
  }
  // Endpoints this controller made whose Service is gone.
  std::vector<std::pair<std::string, std::string>> orphans;
  for (const json* e : store_.List("endpoints", "")) {
    const json& m = (*e)["metadata"];
    std::string ns = m.value("namespace", ""), name = m.value("name", "");
    if (m.value("annotations", json::object()).contains(kTrigger) && store_.Get("services", ns, name) == nullptr)
      orphans.push_back({ns, name});
  }
  for (const auto& [ns, name] : orphans) store_.Remove("endpoints", ns, name);
}

}  // namespace qareports::emulator
