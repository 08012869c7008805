#include "squad/squad_server.h"

#include <map>
#include <mutex>

#include "storage/base64.h"
#include "controllers/controller_util.h"
#include "storage/selectors.h"

namespace qareports::emulator {

std::string ImageTagOf(const std::string& image) {
  std::string ref = image.substr(0, image.find('@'));
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "latest";
  return ref.substr(colon + 1);
}

SquadServer::SquadServer(Store& store) : store_(store) {
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->Get(R"(/([^/]+)/api/version/?)", [this](const httplib::Request& req, httplib::Response& res) {
    std::string v = ReadyVersion(req.matches[1]);
    if (v.empty()) {
      res.status = 404;
      res.set_content("<h1>Not Found</h1><p>no ready SQUAD web pods</p>", "text/html");
      return;
    }
    res.set_content(v, "text/plain");
  });
  server_->Get(R"(/([^/]+)/ht/?)", [this](const httplib::Request& req, httplib::Response& res) {
    std::string ns = req.matches[1];
    std::string token;
    {
      std::lock_guard<std::mutex> lock(store_.mutex());
      const json* s = store_.Get("secrets", ns, "squad-health-token");
      if (s && s->contains("data") && (*s)["data"].contains("token"))
        Base64Decode((*s)["data"]["token"].get<std::string>(), &token);
    }
    std::string auth = req.get_header_value("Authorization");
    if (token.empty() || auth != "Token " + token) {
      res.status = 401;
      res.set_content("{\"detail\":\"Authentication credentials were not provided.\"}", "application/json");
      return;
    }
    if (ReadyVersion(ns).empty()) {
      res.status = 503;
      res.set_content("no ready SQUAD web pods", "text/plain");
      return;
    }
    res.set_content(json({{"Cache backend: default", "working"}, {"DatabaseBackend", "working"},
                          {"DefaultFileStorageHealthCheck", "working"}, {"CeleryHealthCheckCelery", "working"},
                          {"MigrationsHealthCheck", "working"}}).dump(),
                    "application/json");
  });
}

int SquadServer::Bind() { return server_->bind_to_any_port("127.0.0.1"); }
bool SquadServer::Run() { return server_->listen_after_bind(); }
void SquadServer::Stop() { server_->stop(); }

static bool IsWebDeployment(const json& d) {
  std::string name = d["metadata"].value("name", "");
  const json& labels = d["metadata"].value("labels", json::object());
  return name == "web" || (name.size() > 4 && name.substr(name.size() - 4) == "-web") ||
         labels.value("app.kubernetes.io/component", "") == "web";
}

std::string SquadServer::ReadyVersion(const std::string& ns) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  const json* web = nullptr;
  for (const json* d : store_.List("deployments.apps", ns))
    if (IsWebDeployment(*d)) {
      web = d;
      break;
    }
  if (web == nullptr) return "";
  Selector sel = FromLabelSelector((*web)["spec"].value("selector", json()));
  std::map<std::string, std::pair<int, std::string>> votes;  // version -> (count, newest pod time)
  for (const json* p : store_.List("pods", ns)) {
    if (!sel.Matches((*p)["metadata"].value("labels", json::object())) || !PodReady(*p)) continue;
    json containers = (*p)["spec"].value("containers", json::array());
    std::string image;
    for (const auto& c : containers)
      if (c.value("name", "") == "squad") image = c.value("image", "");
    if (image.empty())
      for (const auto& c : containers)
        if (c.value("image", "").find("squad") != std::string::npos) {
          image = c.value("image", "");
          break;
        }
    if (image.empty() && !containers.empty()) image = containers[0].value("image", "");
    auto& v = votes[ImageTagOf(image)];
    ++v.first;
    v.second = std::max(v.second, (*p)["metadata"].value("creationTimestamp", ""));
  }
  std::string best;
  std::pair<int, std::string> best_vote{0, ""};
  for (const auto& [version, vote] : votes)
    if (vote > best_vote) {
      best_vote = vote;
      best = version;
    }
  return best;
}

}  // namespace qareports::emulator
