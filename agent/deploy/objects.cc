#include "deploy/objects.h"

#include "plan/diff.h"

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

nlohmann::json Restamped(nlohmann::json objects, const std::string& stamp) {
  for (nlohmann::json& o : objects) {
    if (!o.is_object() || !o.contains("metadata") || !o["metadata"].is_object()) continue;
    nlohmann::json& annotations = o["metadata"]["annotations"];
    if (!annotations.is_object()) annotations = nlohmann::json::object();
    annotations[plan::kRestoredAnnotation] = stamp;
  }
  return objects;
}

std::string ObjectTitle(const nlohmann::json& object) {
  const nlohmann::json& meta = object.value("metadata", nlohmann::json::object());
  std::string ns = meta.value("namespace", "");
  return object.value("kind", "") + " " + (ns.empty() ? "" : ns + "/") + meta.value("name", "");
}

std::map<std::string, std::string> ChangesSince(const nlohmann::json& before, const nlohmann::json& after) {
  std::map<std::string, const nlohmann::json*> old;
  if (before.is_array()) {
    for (const nlohmann::json& o : before) old[ObjectTitle(o)] = &o;
  }
  std::map<std::string, std::string> changes;
  for (const nlohmann::json& o : after) {
    std::string title = ObjectTitle(o);
    auto it = old.find(title);
    changes[title] = it == old.end() ? "create" : *it->second == o ? "unchanged" : "change";
    if (it != old.end()) old.erase(it);
  }
  for (const auto& [title, o] : old) changes[title] = "prune";
  return changes;
}

}  // namespace qareports::deploy
