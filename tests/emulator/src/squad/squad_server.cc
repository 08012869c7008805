#include "squad/squad_server.h"

#include <cctype>
#include <map>
#include <mutex>

#include "squad/squad_health.h"
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

// The token as SQUAD reads it (squad/http.py): `Auth-Token`, else
// djangorestframework's `Authorization: Token …` (the keyword in any case).
std::string Token(const httplib::Request& req) {
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

SquadServer::SquadServer(Store& store, const SquadSubmitRules& submit_rules, const SquadOutages& outages)
    : store_(store), outages_(outages), submissions_(submit_rules) {
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->Post(R"(/([^/]+)/api/submit/([^/]+)/([^/]+)/([^/]+)/([^/]+)/?)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  SubmitAnswer a = submissions_.Submit(req.matches[1], req.matches[2], req.matches[3],
                                                       req.matches[4], req.matches[5], Token(req), Parts(req));
                  res.status = a.status;
                  res.set_content(a.body, a.content_type);
                });
  server_->Get(R"(/([^/]+)/api/submit/([^/]+)/([^/]+)/([^/]+)/([^/]+)/?)",
               [](const httplib::Request&, httplib::Response& res) {
                 res.status = 405;  // Django's require_http_methods(["POST"])
                 res.set_header("Allow", "POST");
                 res.set_content("", "text/html; charset=utf-8");
               });
  server_->Get(R"(/([^/]+)/api/testruns/?)", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(submissions_.Received(req.matches[1]).dump(), "application/json");
  });
  // Django's CommonMiddleware (APPEND_SLASH): a known path without its
  // slash is a 301 to the slashed one.
  server_->Get(R"(/([^/]+)/(api/version|ht))", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 301;
    std::string query = req.params.empty() ? "" : "?" + httplib::detail::params_to_query_str(req.params);
    res.set_header("Location", req.path + "/" + query);
    res.set_content("", "text/html; charset=utf-8");
  });
  server_->Get(R"(/([^/]+)/api/version/)", [this](const httplib::Request& req, httplib::Response& res) {
    std::string v = ReadyVersion(req.matches[1]);
    if (v.empty()) {
      res.status = 503;
      res.set_content("no ready SQUAD web pods", "text/plain");
      return;
    }
    res.set_content(v, "text/html; charset=utf-8");
  });
  server_->Get(R"(/([^/]+)/ht/)", [this](const httplib::Request& req, httplib::Response& res) {
    std::string ns = req.matches[1];
    if (ReadyVersion(ns).empty()) {
      res.status = 503;
      res.set_content("no ready SQUAD web pods", "text/plain");
      return;
    }
    std::string token = Token(req).substr(0, 40), staff_token;
    std::vector<std::string> settings;
    {
      std::lock_guard<std::mutex> lock(store_.mutex());
      const json* s = store_.Get("secrets", ns, "squad-health-token");
      if (s && s->contains("data") && (*s)["data"].contains("token"))
        Base64Decode((*s)["data"]["token"].get<std::string>(), &staff_token);
      for (const json* cm : store_.List("configmaps", ns)) {
        if (!cm->contains("data") || !(*cm)["data"].is_object()) continue;
        for (const auto& [key, value] : (*cm)["data"].items())
          if (key.size() > 3 && key.substr(key.size() - 3) == ".py" && value.is_string()) settings.push_back(value);
      }
    }
    HealthRequest request{!token.empty(), !token.empty() && token == staff_token.substr(0, 40),
                          req.get_param_value("format"), req.get_header_value("Accept")};
    HealthPage page = AnswerHealth(HealthCheckApps(settings), outages_.Down(ns), request);
    res.status = page.status;
    res.set_content(page.body, page.content_type);
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
