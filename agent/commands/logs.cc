#include "commands/logs.h"

#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "kube/pods.h"
#include "kube/session.h"
#include "util/strings.h"

namespace qareports::commands {
namespace {

// Writes whole lines, prefixed, as the bytes arrive in pieces.
class LinePrinter {
 public:
  LinePrinter(std::ostream& out, std::mutex& mu, std::string prefix) : out_(out), mu_(mu), prefix_(std::move(prefix)) {}
  bool Add(std::string_view data) {
    buffer_.append(data);
    size_t nl;
    while ((nl = buffer_.find('\n')) != std::string::npos) {
      std::lock_guard<std::mutex> lock(mu_);
      out_ << prefix_ << buffer_.substr(0, nl) << "\n" << std::flush;
      buffer_.erase(0, nl + 1);
    }
    return true;
  }
  void Flush() {
    if (buffer_.empty()) return;
    std::lock_guard<std::mutex> lock(mu_);
    out_ << prefix_ << buffer_ << "\n";
    buffer_.clear();
  }

 private:
  std::ostream& out_;
  std::mutex& mu_;
  std::string prefix_, buffer_;
};

}  // namespace

Result<Outcome> Logs::Run(report::Report&) {
  Result<kube::Session*> opened = deps_.cluster().Session();
  if (!opened.ok()) return opened.error();
  kube::Session& session = **opened;
  std::string base = "/api/v1/namespaces/" + deps_.env.namespace_ + "/pods";
  Result<std::vector<nlohmann::json>> pods = kube::PodsOf(*session.client, deps_.env.namespace_, options_.target);
  if (!pods.ok()) return pods.error();
  std::mutex out_mu;
  std::vector<std::thread> followers;
  std::vector<std::string> problems;
  for (const nlohmann::json& p : *pods) {
    std::string name = p["metadata"].value("name", "");
    std::string container = options_.container;
    if (container.empty()) container = p["spec"]["containers"][0].value("name", "");
    std::string path = base + "/" + name + "/log?container=" + container;
    if (options_.tail >= 0) path += "&tailLines=" + std::to_string(options_.tail);
    std::string prefix = "[" + name + "] ";
    if (!options_.follow) {
      kube::ApiCall call = kube::Get(path, "text/plain");
      Result<kube::ApiResult> log = session.client->Call(call);
      if (!log.ok()) return log.error();
      LinePrinter printer(deps_.out, out_mu, prefix);
      if (log->ok()) printer.Add(log->text), printer.Flush();
      else problems.push_back(name + ": " + log->Message());
      continue;
    }
    followers.emplace_back([this, &session, &out_mu, path, prefix] {
      std::unique_ptr<sys::HttpClient> http = deps_.sys.http.Fork();
      kube::Client client(session.target, *http, *session.credentials, deps_.sys.clock);
      LinePrinter printer(deps_.out, out_mu, prefix);
      Result<kube::ApiResult> followed = client.Stream(kube::Get(path + "&follow=true", "text/plain"),
                                                       [&](std::string_view data) { return printer.Add(data); });
      printer.Flush();
      // Following ends with the pod; a pod gone away is no error, a cluster gone away is said.
      if (!followed.ok()) spdlog::warn("stopped following {}: {}", prefix, followed.error().message);
      else if (!followed->ok()) spdlog::warn("stopped following {}: {}", prefix, followed->Message());
    });
  }
  for (std::thread& t : followers) t.join();
  for (const std::string& p : problems) deps_.out << "(no log: " << p << ")\n";
  return Outcome{};
}

}  // namespace qareports::commands
