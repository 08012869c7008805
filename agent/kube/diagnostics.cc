#include "kube/diagnostics.h"

#include <algorithm>

#include "util/json_fields.h"

namespace qareports::kube {

std::string EventsOf(kube::Client& client, const std::string& ns, const std::string& kind, const std::string& name) {
  Result<kube::ApiResult> events =
      client.Call(kube::Get("/api/v1/namespaces/" + ns + "/events?fieldSelector=involvedObject.kind%3D" + kind +
                            "%2CinvolvedObject.name%3D" + name));
  if (!events.ok() || !events->ok()) return "(events unavailable)\n";
  std::vector<nlohmann::json> items = events->json.value("items", std::vector<nlohmann::json>{});
  std::sort(items.begin(), items.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("lastTimestamp", "") < b.value("lastTimestamp", "");
  });
  std::string text;
  for (const nlohmann::json& e : items) {
    long count = util::IntegerField(e, "count", 1);
    text += e.value("type", "Normal") + " " + e.value("reason", "") +
            (count > 1 ? " (x" + std::to_string(count) + ")" : "") + ": " + e.value("message", "") + "\n";
  }
  return text.empty() ? "(no events)\n" : text;
}

std::string LogTail(kube::Client& client, const std::string& ns, const std::string& pod, std::string container,
                    int lines) {
  std::string base = "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?tailLines=" + std::to_string(lines);
  if (!container.empty()) base += "&container=" + container;
  for (const char* previous : {"", "&previous=true"}) {
    Result<kube::ApiResult> log = client.Call(kube::Get(base + previous, "text/plain"));
    if (log.ok() && log->ok() && !log->text.empty()) return log->text;
  }
  return "(no log)\n";
}

}  // namespace qareports::kube
