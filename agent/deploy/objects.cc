#include "deploy/objects.h"

namespace qareports::deploy {

std::vector<std::string> Workloads(const nlohmann::json& objects, const std::string& ns) {
  std::vector<std::string> names;
  for (const nlohmann::json& o : objects) {
    if (o.value("kind", "") != "Deployment" || !o.contains("metadata")) continue;
    if (o["metadata"].value("namespace", ns) != ns) continue;
    names.push_back(o["metadata"].value("name", ""));
  }
  return names;
}

nlohmann::json WithSquadVersion(nlohmann::json objects, const std::string& squad_image, const std::string& version) {
  for (nlohmann::json& o : objects) {
    if (!o.contains("spec") || !o["spec"].contains("template")) continue;
    nlohmann::json& pod = o["spec"]["template"]["spec"];
    for (const char* list : {"initContainers", "containers"}) {
      if (!pod.is_object() || !pod.contains(list)) continue;
      for (nlohmann::json& c : pod[list]) {
        std::string image = c.value("image", "");
        if (image.rfind(squad_image + ":", 0) == 0) c["image"] = squad_image + ":" + version;
      }
    }
  }
  return objects;
}

}  // namespace qareports::deploy
