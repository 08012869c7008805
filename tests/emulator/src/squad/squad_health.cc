#include "squad/squad_health.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <utility>

#include <nlohmann/json.hpp>

namespace qareports::emulator {
namespace {

// What a check says when a backend it needs is down. The RabbitMQ and
// Celery ping messages are those SQUAD 1.89 answered with no broker
// (shared/SQUAD.md); "Celery workers unavailable" is the ping check's own
// words for a ping nobody answers (health_check/contrib/celery_ping).
std::string Verdict(const std::string& key, const std::set<std::string>& down) {
  bool broker = down.count("broker") > 0;
  if (key == "RabbitMQHealthCheck" && broker) return "unavailable: Unable to connect to RabbitMQ: Connection was refused.";
  if (key == "CeleryPingHealthCheck" && broker) return "unavailable: Unknown error";
  if (key == "CeleryPingHealthCheck" && down.count("workers")) return "unavailable: Celery workers unavailable";
  if (key == "CeleryHealthCheckCelery" && (broker || down.count("workers"))) return "unavailable: Unknown error";
  return "working";
}

// JSON or HTML as the view negotiates it (health_check/views.py): the
// `format` parameter first, then the Accept header's ranges by quality.
enum class Media { kHtml, kJson, kNone };

Media Negotiate(const HealthRequest& r) {
  if (r.format == "json") return Media::kJson;
  std::vector<std::pair<double, std::string>> ranges;
  std::string accept = r.accept.empty() ? "*/*" : r.accept;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    std::string item = accept.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? accept.size() + 1 : comma + 1;
    double q = 1;
    size_t semi = item.find(';');
    std::string type = item.substr(0, semi);
    if (semi != std::string::npos) {
      static const std::regex q_param(R"(;\s*q=([0-9.]+))");
      std::smatch m;
      std::string params = item.substr(semi);
      if (std::regex_search(params, m, q_param)) q = std::atof(m[1].str().c_str());
    }
    type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
    if (!type.empty()) ranges.emplace_back(q, type);
  }
  std::stable_sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [q, type] : ranges) {
    if (type == "text/html" || type == "application/xhtml+xml" || type == "text/*" || type == "*/*") return Media::kHtml;
    if (type == "application/json" || type == "application/*") return Media::kJson;
  }
  return Media::kNone;
}

// Python's json.dumps of a dict: insertion order, ", " and ": ".
std::string PythonJson(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + nlohmann::json(items[i].first).dump() + ": " + nlohmann::json(items[i].second).dump();
  return out + "}";
}

}  // namespace

std::vector<std::string> HealthCheckApps(const std::vector<std::string>& settings_files) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  std::vector<std::string> apps;
  for (const std::string& text : settings_files) {
    for (size_t at = text.find("health_check"); at != std::string::npos; at = text.find("health_check", at + 1)) {
      if (at == 0 || (text[at - 1] != '\'' && text[at - 1] != '"')) continue;
      size_t end = at;
      while (end < text.size() && name_char(text[end])) ++end;
      if (end == text.size() || text[end] != text[at - 1]) continue;  // not one whole quoted name
      std::string app = text.substr(at, end - at);
      if (std::find(apps.begin(), apps.end(), app) == apps.end()) apps.push_back(app);
    }
  }
  return apps;
}

std::string HealthCheckKey(const std::string& app) {
  static const std::map<std::string, std::string> keys = {
      {"health_check.db", "DatabaseBackend"},
      {"health_check.cache", "CacheBackend"},
      {"health_check.storage", "DefaultFileStorageHealthCheck"},
      {"health_check.contrib.migrations", "MigrationsHealthCheck"},
      {"health_check.contrib.celery", "CeleryHealthCheckCelery"},
      {"health_check.contrib.celery_ping", "CeleryPingHealthCheck"},
      {"health_check.contrib.rabbitmq", "RabbitMQHealthCheck"},
      {"health_check.contrib.s3boto3_storage", "S3Boto3StorageHealthCheck"},
  };
  auto it = keys.find(app);
  return it == keys.end() ? "" : it->second;
}

HealthPage AnswerHealth(const std::vector<std::string>& apps, const std::set<std::string>& down,
                        const HealthRequest& request) {
  // Looking the token up is a query: with the database down it is Django's
  // own 500 page (DEBUG off), before any check runs.
  if (request.has_token && down.count("database")) return {500, "text/html", "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"};
  if (!request.staff) return {403, "text/html; charset=utf-8", ""};
  Media media = Negotiate(request);
  if (media == Media::kNone)
    return {406, "text/plain", "Not Acceptable: Supported content types: text/html, application/json"};
  std::vector<std::pair<std::string, std::string>> results;
  bool failed = false;
  for (const std::string& app : apps) {
    std::string key = HealthCheckKey(app);
    if (key.empty()) continue;
    std::string verdict = Verdict(key, down);
    failed |= verdict != "working";
    results.emplace_back(key, verdict);
  }
  int status = failed ? 500 : 200;
  if (media == Media::kJson) return {status, "application/json", PythonJson(results)};
  std::string rows;
  for (const auto& [key, verdict] : results) rows += "<tr><td>" + key + "</td><td>" + verdict + "</td></tr>\n";
  return {status, "text/html; charset=utf-8",
          "<!doctype html>\n<html><head><title>System status</title></head><body>\n<h1>System status</h1>\n"
          "<table>\n<tr><th>Service</th><th>Status</th></tr>\n" + rows + "</table>\n</body></html>\n"};
}

}  // namespace qareports::emulator
