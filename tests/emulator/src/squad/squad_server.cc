#include "squad/squad_server.h"

#include <cctype>
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

namespace {

// The submit token as SQUAD reads it: `Auth-Token`, else `Authorization: token …`.
std::string SubmitToken(const httplib::Request& req) {
  if (req.has_header("Auth-Token")) return req.get_header_value("Auth-Token");
  std::string auth = req.get_header_value("Authorization");
  std::string lower = auth.substr(0, 6);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "token " ? auth.substr(6) : "";
}

std::vector<SubmitPart> Parts(const httplib::Request& req) {
  std::vector<SubmitPart> parts;
  for (const auto& [name, f] : req.files) parts.push_back({name, f.content, f.filename});
  for (const auto& [name, value] : req.params) parts.push_back({name, value, ""});
  return parts;
}

}  // namespace

SquadServer::SquadServer(Store& store, const SquadSubmitRules& submit_rules)
    : store_(store), submissions_(submit_rules) {
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->Post(R"(/([^/]+)/api/submit/([^/]+)/([^/]+)/([^/]+)/([^/]+)/?)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  SubmitAnswer a = submissions_.Submit(req.matches[1], req.matches[2], req.matches[3],
                                                       req.matches[4], req.matches[5], SubmitToken(req), Parts(req));
                  res.status = a.status;
                  res.set_content(a.body, a.content_type);
                });
  server_->Get(R"(/([^/]+)/api/testruns/?)", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(submissions_.Received(req.matches[1]).dump(), "application/json");
  });
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
