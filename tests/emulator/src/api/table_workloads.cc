#include "api/table_workloads.h"

#include "api/table.h"
#include "storage/selectors.h"

namespace qareports::emulator {

namespace {

// CONTAINERS and IMAGES of a pod template, comma-separated.
std::pair<std::string, std::string> ContainersAndImages(const json& pod_template) {
  std::string names, images;
  for (const auto& c : pod_template.value("spec", json::object()).value("containers", json::array())) {
    names += (names.empty() ? "" : ",") + c.value("name", "");
    images += (images.empty() ? "" : ",") + c.value("image", "");
  }
  return {names, images};
}

std::string Since(const std::string& time, SimTime now) {
  SimTime t;
  if (!ParseTime(time, &t)) return "<none>";
  return HumanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - t));
}

}  // namespace

bool IsWorkloadKind(const std::string& kind) {
  return kind == "Deployment" || kind == "ReplicaSet" || kind == "ReplicationController" ||
         kind == "StatefulSet" || kind == "DaemonSet" || kind == "Job" || kind == "CronJob";
}

std::vector<TableColumn> WorkloadColumns(const std::string& kind) {
  std::vector<TableColumn> wide = {{"Containers", "string", 1}, {"Images", "string", 1}, {"Selector", "string", 1}};
  std::vector<TableColumn> c;
  if (kind == "Deployment")
    c = {{"Name", "string", 0}, {"Ready", "string", 0}, {"Up-to-date", "integer", 0},
         {"Available", "integer", 0}, {"Age", "string", 0}};
  if (kind == "ReplicaSet" || kind == "ReplicationController")
    c = {{"Name", "string", 0}, {"Desired", "integer", 0}, {"Current", "integer", 0}, {"Ready", "integer", 0},
         {"Age", "string", 0}};
  if (kind == "StatefulSet") {
    c = {{"Name", "string", 0}, {"Ready", "string", 0}, {"Age", "string", 0}};
    wide.pop_back();
  }
  if (kind == "DaemonSet")
    c = {{"Name", "string", 0}, {"Desired", "integer", 0}, {"Current", "integer", 0}, {"Ready", "integer", 0},
         {"Up-to-date", "integer", 0}, {"Available", "integer", 0}, {"Node Selector", "string", 0},
         {"Age", "string", 0}};
  if (kind == "Job")
    c = {{"Name", "string", 0}, {"Status", "string", 0}, {"Completions", "string", 0}, {"Duration", "string", 0},
         {"Age", "string", 0}};
  if (kind == "CronJob")
    c = {{"Name", "string", 0}, {"Schedule", "string", 0}, {"Timezone", "string", 0}, {"Suspend", "boolean", 0},
         {"Active", "integer", 0}, {"Last Schedule", "string", 0}, {"Age", "string", 0}};
  if (kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job" || kind == "CronJob" ||
      kind == "Deployment" || kind == "DaemonSet" || kind == "StatefulSet")
    c.insert(c.end(), wide.begin(), wide.end());
  return c;
}

json WorkloadCells(const std::string& kind, const json& o, const std::string& age, SimTime now) {
  const json& spec = o.value("spec", json::object());
  const json& s = o.value("status", json::object());
  std::string name = o["metadata"].value("name", "");
  const json& pod_template = kind == "CronJob"
                                 ? spec.value("jobTemplate", json::object()).value("spec", json::object()).value("template", json::object())
                                 : spec.value("template", json::object());
  auto [containers, images] = ContainersAndImages(pod_template);
  json selector = spec.value("selector", json());
  if (kind == "ReplicationController" && selector.is_object()) selector = {{"matchLabels", selector}};
  std::string selector_text = LabelSelectorString(selector);
  if (selector_text.empty()) selector_text = "<none>";
  json row;
  if (kind == "Deployment")
    row = {name, std::to_string(s.value("readyReplicas", 0)) + "/" + std::to_string(spec.value("replicas", 1)),
           s.value("updatedReplicas", 0), s.value("availableReplicas", 0), age};
  if (kind == "ReplicaSet" || kind == "ReplicationController")
    row = {name, spec.value("replicas", 0), s.value("replicas", 0), s.value("readyReplicas", 0), age};
  if (kind == "StatefulSet")
    return {name, std::to_string(s.value("readyReplicas", 0)) + "/" + std::to_string(spec.value("replicas", 1)), age,
            containers, images};
  if (kind == "DaemonSet") {
    std::string node_selector;
    const json node_selector_map = pod_template.value("spec", json::object()).value("nodeSelector", json::object());
    for (const auto& [k, v] : node_selector_map.items())
      node_selector += (node_selector.empty() ? "" : ",") + k + "=" + v.get<std::string>();
    row = {name, s.value("desiredNumberScheduled", 0), s.value("currentNumberScheduled", 0), s.value("numberReady", 0),
           s.value("updatedNumberScheduled", 0), s.value("numberAvailable", 0),
           node_selector.empty() ? "<none>" : node_selector, age};
  }
  if (kind == "Job") {
    std::string status = "Running";
    for (const auto& c : s.value("conditions", json::array()))
      if (c.value("status", "") == "True" && (c.value("type", "") == "Complete" || c.value("type", "") == "Failed"))
        status = c["type"];
    SimTime start, end = now;
    std::string duration;
    if (ParseTime(s.value("startTime", ""), &start)) {
      ParseTime(s.value("completionTime", ""), &end);
      duration = HumanDuration(std::chrono::duration_cast<std::chrono::seconds>(end - start));
    }
    row = {name, status, std::to_string(s.value("succeeded", 0)) + "/" + std::to_string(spec.value("completions", 1)),
           duration, age};
  }
  if (kind == "CronJob")
    row = {name, spec.value("schedule", ""), spec.value("timeZone", "<none>"), spec.value("suspend", false),
           s.value("active", json::array()).size(), Since(s.value("lastScheduleTime", ""), now), age};
  row.push_back(containers);
  row.push_back(images);
  row.push_back(selector_text);
  return row;
}

}  // namespace qareports::emulator
