#include "squad/squad_submissions.h"

#include <openssl/rand.h>

#include <regex>

#include "storage/json_depth.h"

namespace qareports::emulator {
namespace {

using nlohmann::json;

SubmitAnswer Answer(int status, const std::string& body, const std::string& type = "text/plain") {
  return {status, body, type};
}

const SubmitPart* Part(const std::vector<SubmitPart>& parts, const std::string& name) {
  for (const auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

// A JSON object from a part, or the message saying why not.
bool ParseObject(const SubmitPart* part, json* out, std::string* why) {
  *out = json::object();
  if (part == nullptr) return true;
  try {
    *out = json::parse(part->content);
  } catch (const json::exception& e) {
    *why = e.what();
    return false;
  }
  if (!out->is_object()) {
    *why = "not a JSON object";
    return false;
  }
  // Python's decoder stops at its recursion limit (1,000); the stand-in
  // copies and serialises runs by recursion, so it refuses deeper ones too.
  if (NestsDeeperThan(*out, 1000)) {
    *why = "nested more than 1000 deep";
    return false;
  }
  return true;
}

bool IsNumberList(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& n : v)
    if (!n.is_number()) return false;
  return true;
}

bool IsMetric(const json& v) {
  if (v.is_number() || IsNumberList(v)) return true;
  return v.is_object() && v.contains("value") && (v["value"].is_number() || IsNumberList(v["value"]));
}

std::string RandomJobId() {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof bytes);
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) id += std::string{hex[b >> 4], hex[b & 15]};
  return id;
}

}  // namespace

SubmitAnswer SquadSubmissions::Submit(const std::string& ns, const std::string& group, const std::string& project,
                                      const std::string& build, const std::string& environment,
                                      const std::string& token, const std::vector<SubmitPart>& parts) {
  static const std::regex group_slug("~?[a-zA-Z0-9][a-zA-Z0-9_.-]*"), project_slug("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  const std::string not_found = "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>";
  if (!std::regex_match(group, group_slug) || !std::regex_match(project, project_slug) ||
      !rules_.projects.count(group + "/" + project))
    return Answer(404, not_found, "text/html");
  if (token.empty() || rules_.token.empty() || token.substr(0, 40) != rules_.token.substr(0, 40))
    return Answer(403, "<h1>403 Forbidden</h1>", "text/html");

  json tests, metrics, metadata;
  std::string why;
  if (!ParseObject(Part(parts, "tests"), &tests, &why)) return Answer(400, "Invalid tests file: " + why);
  json results = json::object();  // a result other than pass or fail shows as skip
  for (const auto& [name, result] : tests.items()) {
    json r = result.is_object() ? result.value("result", json()) : result;
    if (!r.is_string() && !r.is_boolean() && !r.is_null()) return Answer(400, "Invalid result for test " + name);
    std::string text = r.is_string() ? r.get<std::string>() : r.is_boolean() ? (r.get<bool>() ? "pass" : "fail") : "";
    results[name] = text == "pass" || text == "fail" ? text : "skip";
  }
  if (!ParseObject(Part(parts, "metrics"), &metrics, &why)) return Answer(400, "Invalid metrics file: " + why);
  for (const auto& [name, value] : metrics.items())
    if (!IsMetric(value)) return Answer(400, "Invalid metric value for " + name + ": " + value.dump());
  if (!ParseObject(Part(parts, "metadata"), &metadata, &why)) return Answer(400, "Invalid metadata file: " + why);
  json job_id = metadata.value("job_id", json());
  if (job_id.is_number_integer()) job_id = std::to_string(job_id.get<long long>());
  if (job_id.is_null()) job_id = RandomJobId();
  if (!job_id.is_string()) return Answer(400, "job_id must be a string or an integer");
  std::string id_text = job_id.get<std::string>();
  if (id_text.find('/') != std::string::npos) return Answer(400, "job_id attribute cannot contain /");

  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<json>& runs = runs_[ns];
  for (const auto& run : runs)
    if (run["group"] == group && run["project"] == project && run["build"] == build && run["job_id"] == id_text)
      return Answer(400, "There is already a test run with job_id " + id_text);
  json attachments = json::object();
  for (const auto& p : parts)
    if (p.name == "attachment") attachments[p.filename] = p.content.size();
  const SubmitPart* log = Part(parts, "log");
  long id = next_id_++;
  runs.push_back({{"id", id},
                  {"group", group},
                  {"project", project},
                  {"build", build},
                  {"environment", environment},
                  {"job_id", id_text},
                  {"job_status", metadata.value("job_status", json())},
                  {"job_url", metadata.value("job_url", json())},
                  {"tests", results},
                  {"metrics", metrics},
                  {"metadata", metadata},
                  {"log", log ? log->content : ""},
                  {"attachments", attachments}});
  return Answer(201, std::to_string(id));
}

nlohmann::json SquadSubmissions::Received(const std::string& ns) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(ns);
  json results = it == runs_.end() ? json::array() : json(it->second);
  return {{"count", results.size()}, {"results", results}};
}

}  // namespace qareports::emulator
