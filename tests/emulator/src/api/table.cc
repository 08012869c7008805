#include "api/table.h"

#include "api/table_workloads.h"

#include "storage/selectors.h"

namespace qareports::emulator {

namespace {

std::string Str(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump(); }

std::string Age(const json& o, SimTime now) {
  SimTime t;
  if (!ParseTime(o["metadata"].value("creationTimestamp", ""), &t)) return "<unknown>";
  return HumanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - t));
}

std::string PodStatus(const json& p) {
  if (p["metadata"].contains("deletionTimestamp")) return "Terminating";
  const json& s = p.value("status", json::object());
  std::string reason = s.value("phase", "Pending");
  for (const auto& c : s.value("containerStatuses", json::array())) {
    const json& st = c.value("state", json::object());
    if (st.contains("waiting") && !st["waiting"].value("reason", "").empty()) reason = st["waiting"]["reason"];
    else if (st.contains("terminated")) reason = st["terminated"].value("reason", reason);
  }
  return reason;
}

std::vector<TableColumn> Columns(const std::string& kind) {
  if (IsWorkloadKind(kind)) return WorkloadColumns(kind);
  if (kind == "Pod") return {{"Name", "string", 0}, {"Ready", "string", 0}, {"Status", "string", 0},
                             {"Restarts", "string", 0}, {"Age", "string", 0}, {"IP", "string", 1}, {"Node", "string", 1}};
  if (kind == "Service") return {{"Name", "string", 0}, {"Type", "string", 0}, {"Cluster-IP", "string", 0},
                                 {"External-IP", "string", 0}, {"Port(s)", "string", 0}, {"Age", "string", 0}};
  if (kind == "ConfigMap") return {{"Name", "string", 0}, {"Data", "integer", 0}, {"Age", "string", 0}};
  if (kind == "Secret") return {{"Name", "string", 0}, {"Type", "string", 0}, {"Data", "integer", 0}, {"Age", "string", 0}};
  if (kind == "Namespace") return {{"Name", "string", 0}, {"Status", "string", 0}, {"Age", "string", 0}};
  if (kind == "Event") return {{"Last Seen", "string", 0}, {"Type", "string", 0}, {"Reason", "string", 0},
                               {"Object", "string", 0}, {"Message", "string", 0}};
  if (kind == "HorizontalPodAutoscaler") return {{"Name", "string", 0}, {"Reference", "string", 0}, {"Targets", "string", 0},
                                                 {"MinPods", "string", 0}, {"MaxPods", "integer", 0},
                                                 {"Replicas", "integer", 0}, {"Age", "string", 0}};
  if (kind == "Lease") return {{"Name", "string", 0}, {"Holder", "string", 0}, {"Age", "string", 0}};
  if (kind == "ServiceAccount") return {{"Name", "string", 0}, {"Secrets", "integer", 0}, {"Age", "string", 0}};
  if (kind == "Node") return {{"Name", "string", 0}, {"Status", "string", 0}, {"Roles", "string", 0},
                              {"Age", "string", 0}, {"Version", "string", 0}, {"Internal-IP", "string", 1},
                              {"External-IP", "string", 1}, {"OS-Image", "string", 1}, {"Kernel-Version", "string", 1},
                              {"Container-Runtime", "string", 1}};
  if (kind == "Endpoints") return {{"Name", "string", 0}, {"Endpoints", "string", 0}, {"Age", "string", 0}};
  if (kind == "PodDisruptionBudget") return {{"Name", "string", 0}, {"Min Available", "string", 0},
                                             {"Max Unavailable", "string", 0}, {"Allowed Disruptions", "integer", 0},
                                             {"Age", "string", 0}};
  if (kind == "PriorityClass") return {{"Name", "string", 0}, {"Value", "integer", 0}, {"Global-Default", "boolean", 0},
                                       {"Age", "string", 0}, {"PreemptionPolicy", "string", 0}};
  if (kind == "PersistentVolumeClaim") return {{"Name", "string", 0}, {"Status", "string", 0}, {"Volume", "string", 0},
                                               {"Capacity", "string", 0}, {"Access Modes", "string", 0},
                                               {"StorageClass", "string", 0}, {"Age", "string", 0}};
  if (kind == "Role" || kind == "ClusterRole") return {{"Name", "string", 0}, {"Created At", "date", 0}};
  if (kind == "RoleBinding" || kind == "ClusterRoleBinding")
    return {{"Name", "string", 0}, {"Role", "string", 0}, {"Age", "string", 0}};
  return {{"Name", "string", 0}, {"Age", "string", 0}};
}

json Cells(const std::string& kind, const json& o, SimTime now) {
  std::string name = o["metadata"].value("name", ""), age = Age(o, now);
  const json& spec = o.value("spec", json::object());
  const json& s = o.value("status", json::object());
  if (IsWorkloadKind(kind)) return WorkloadCells(kind, o, age, now);
  if (kind == "Pod") {
    int ready = 0, total = 0, restarts = 0;
    for (const auto& c : s.value("containerStatuses", json::array())) {
      ready += c.value("ready", false);
      restarts += c.value("restartCount", 0);
    }
    total = static_cast<int>(spec.value("containers", json::array()).size());
    return {name, std::to_string(ready) + "/" + std::to_string(total), PodStatus(o), std::to_string(restarts), age,
            s.value("podIP", "<none>"), spec.value("nodeName", "<none>")};
  }
  if (kind == "Service") {
    std::string ports;
    for (const auto& p : spec.value("ports", json::array()))
      ports += (ports.empty() ? "" : ",") + Str(p.value("port", json())) + "/" + p.value("protocol", "TCP");
    return {name, spec.value("type", "ClusterIP"), spec.value("clusterIP", "<none>"), "<none>",
            ports.empty() ? "<none>" : ports, age};
  }
  if (kind == "ConfigMap") return {name, o.value("data", json::object()).size() + o.value("binaryData", json::object()).size(), age};
  if (kind == "Secret") return {name, o.value("type", "Opaque"), o.value("data", json::object()).size(), age};
  if (kind == "Namespace") return {name, s.value("phase", "Active"), age};
  if (kind == "Event") {
    SimTime last;
    std::string seen = ParseTime(o.value("lastTimestamp", ""), &last)
                           ? HumanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - last)) : "<unknown>";
    const json& io = o.value("involvedObject", json::object());
    std::string kind_lower = io.value("kind", "");
    for (auto& ch : kind_lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return {seen, o.value("type", ""), o.value("reason", ""), kind_lower + "/" + io.value("name", ""), o.value("message", "")};
  }
  if (kind == "HorizontalPodAutoscaler") {
    const json& ref = spec.value("scaleTargetRef", json::object());
    std::string target = "<unknown>";
    for (const auto& m : spec.value("metrics", json::array()))
      if (m.contains("resource"))
        target = "cpu: 0%/" + Str(m["resource"].value("target", json::object()).value("averageUtilization", json(0))) + "%";
    return {name, ref.value("kind", "") + "/" + ref.value("name", ""), target, Str(spec.value("minReplicas", json(1))),
            spec.value("maxReplicas", 0), s.value("currentReplicas", 0), age};
  }
  if (kind == "Lease") return {name, spec.value("holderIdentity", ""), age};
  if (kind == "ServiceAccount") return {name, o.value("secrets", json::array()).size(), age};
  if (kind == "Node") {
    std::string ready = "Unknown", ip = "<none>";
    for (const auto& c : s.value("conditions", json::array()))
      if (c.value("type", "") == "Ready") ready = c.value("status", "") == "True" ? "Ready" : "NotReady";
    for (const auto& a : s.value("addresses", json::array()))
      if (a.value("type", "") == "InternalIP") ip = a.value("address", "");
    const json& info = s.value("nodeInfo", json::object());
    return {name, ready, "<none>", age, info.value("kubeletVersion", ""), ip, "<none>", info.value("osImage", ""),
            info.value("kernelVersion", ""), info.value("containerRuntimeVersion", "")};
  }
  if (kind == "Endpoints") {
    std::vector<std::string> shown;
    for (const auto& subset : o.value("subsets", json::array()))
      for (const auto& a : subset.value("addresses", json::array()))
        for (const auto& p : subset.value("ports", json::array()))
          shown.push_back(a.value("ip", "") + ":" + Str(p.value("port", json())));
    std::string list;
    for (std::size_t i = 0; i < shown.size() && i < 3; ++i) list += (i ? "," : "") + shown[i];
    if (shown.size() > 3) list += " + " + std::to_string(shown.size() - 3) + " more...";
    return {name, list.empty() ? "<none>" : list, age};
  }
  if (kind == "PodDisruptionBudget")
    return {name, Str(spec.value("minAvailable", json("N/A"))), Str(spec.value("maxUnavailable", json("N/A"))),
            s.value("disruptionsAllowed", 0), age};
  if (kind == "PriorityClass")
    return {name, o.value("value", 0), o.value("globalDefault", false), age,
            o.value("preemptionPolicy", "PreemptLowerPriority")};
  if (kind == "PersistentVolumeClaim") {
    std::string modes;
    for (const auto& m : spec.value("accessModes", json::array())) {
      std::string mode = m.is_string() ? m.get<std::string>() : "";
      std::string abbr = mode == "ReadWriteOnce" ? "RWO" : mode == "ReadOnlyMany" ? "ROX" : mode == "ReadWriteMany" ? "RWX" : "RWOP";
      modes += (modes.empty() ? "" : ",") + abbr;
    }
    return {name, s.value("phase", "Pending"), spec.value("volumeName", ""),
            s.value("capacity", json::object()).value("storage", ""), modes, spec.value("storageClassName", "<unset>"), age};
  }
  if (kind == "Role" || kind == "ClusterRole") return {name, o["metadata"].value("creationTimestamp", "")};
  if (kind == "RoleBinding" || kind == "ClusterRoleBinding") {
    const json& ref = o.value("roleRef", json::object());
    return {name, ref.value("kind", "") + "/" + ref.value("name", ""), age};
  }
  return {name, age};

}

}  // namespace

bool WantsTable(const std::string& accept) { return accept.find("as=Table") != std::string::npos; }

std::string HumanDuration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  auto str = [](long long v) { return std::to_string(v); };
  if (s < 120) return str(s) + "s";
  long long m = s / 60;
  if (m < 10) return s % 60 == 0 ? str(m) + "m" : str(m) + "m" + str(s % 60) + "s";
  if (m < 180) return str(m) + "m";
  long long h = m / 60;
  if (h < 8) return m % 60 == 0 ? str(h) + "h" : str(h) + "h" + str(m % 60) + "m";
  if (h < 48) return str(h) + "h";
  if (h < 192) return h % 24 == 0 ? str(h / 24) + "d" : str(h / 24) + "d" + str(h % 24) + "h";
  if (h < 24 * 365 * 2) return str(h / 24) + "d";
  return str(h / 24 / 365) + "y";
}

json ToTable(const ResourceInfo& info, const std::vector<json>& objects, const json& list_meta, SimTime now,
            const std::string& include_object) {
  json columns = json::array();
  for (const auto& c : Columns(info.kind))
    columns.push_back({{"name", c.name}, {"type", c.type}, {"format", std::string(c.name) == "Name" ? "name" : ""},
                       {"description", ""}, {"priority", c.priority}});
  json rows = json::array();
  for (const auto& o : objects) {
    json row = {{"cells", Cells(info.kind, o, now)}};
    if (include_object == "Object") {
      row["object"] = o;
    } else if (include_object != "None") {
      json meta = o["metadata"];
      meta.erase("managedFields");
      row["object"] = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}};
    }
    rows.push_back(row);
  }
  return {{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", list_meta},
          {"columnDefinitions", columns}, {"rows", rows}};
}

}  // namespace qareports::emulator
