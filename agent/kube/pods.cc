#include "kube/pods.h"

#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::kube {

std::string SelectorQuery(const nlohmann::json& match_labels) {
  std::vector<std::string> parts;
  if (match_labels.is_object()) {
    for (auto it = match_labels.begin(); it != match_labels.end(); ++it) {
      parts.push_back(it.key() + "%3D" + (it->is_string() ? it->get<std::string>() : it->dump()));
    }
  }
  return util::Join(parts, "%2C");
}

bool PodReady(const nlohmann::json& pod) {
  if (!pod.contains("status") || !pod["status"].contains("conditions")) return false;
  for (const auto& c : pod["status"]["conditions"]) {
    if (c.value("type", "") == "Ready") return c.value("status", "") == "True";
  }
  return false;
}

const nlohmann::json& PodSpecOf(const nlohmann::json& workload) {
  return util::ObjectField(util::ObjectField(util::ObjectField(workload, "spec"), "template"), "spec");
}

Result<std::vector<nlohmann::json>> PodsOf(Client& client, const std::string& ns, const std::string& name) {
  std::string pods = "/api/v1/namespaces/" + ns + "/pods";
  Result<ApiResult> pod = client.Call(Get(pods + "/" + name));
  if (!pod.ok()) return pod.error();
  if (pod->ok()) return std::vector<nlohmann::json>{pod->json};
  Result<ApiResult> deploy = client.Call(Get("/apis/apps/v1/namespaces/" + ns + "/deployments/" + name));
  if (!deploy.ok()) return deploy.error();
  if (!deploy->ok()) return Error::Failed("no pod or workload named \"" + name + "\" in " + ns);
  nlohmann::json labels = deploy->json["spec"]["selector"]["matchLabels"];
  Result<ApiResult> list = client.Call(Get(pods + "?labelSelector=" + SelectorQuery(labels)));
  if (!list.ok()) return list.error();
  if (!list->ok()) return Error::Unavailable("cannot list the pods of " + name + ": " + list->Message());
  std::vector<nlohmann::json> out;
  if (list->json.contains("items")) {
    for (const auto& p : list->json["items"]) out.push_back(p);
  }
  return out;
}

}  // namespace qareports::kube
