#include "squad/squad_submissions.h"

#include <openssl/rand.h>

#include <cctype>
#include <cstdlib>
#include <regex>

#include "storage/json_depth.h"
#include "storage/utf8.h"

namespace qareports::emulator {
namespace {

using nlohmann::json;

SubmitAnswer Answer(int status, const std::string& body, const std::string& type = "text/html; charset=utf-8") {
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

// Django's page for an unhandled exception, DEBUG off.
const char* kServerError =
    "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n"
    "  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";

// The parts that are the test run's data, not its metadata.
const std::set<std::string> kDataFields = {"tests", "metrics", "metadata", "log", "attachment"};

// A number, as Python's float() takes a string: "1.5", " 2 ", "1e3".
bool IsNumericString(const json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return false;
  while (*end == ' ' || *end == '\t' || *end == '\n') ++end;
  return *end == '\0' && s.find_first_not_of(" \t\n") != std::string::npos;
}

// How Python's repr shows a value in SQUAD's message: 'abc' for a string.
std::string PythonRepr(const json& v) { return v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump(); }

bool IsNumberList(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& n : v)
    if (!n.is_number()) return false;
  return true;
}

bool IsMetric(const json& v) {
  if (v.is_number() || IsNumericString(v) || IsNumberList(v)) return true;
  return v.is_object() && v.contains("value") &&
         (v["value"].is_number() || IsNumericString(v["value"]) || IsNumberList(v["value"]));
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
  // get_object_or_404 on the group, then on the project: 404 as JSON.
  bool group_exists = false;
  for (const std::string& p : rules_.projects) group_exists |= p.rfind(group + "/", 0) == 0;
  if (!group_exists) return Answer(404, R"({"detail": "No Group matches the given query."})", "application/json");
  if (!rules_.projects.count(group + "/" + project))
    return Answer(404, R"({"detail": "No Project matches the given query."})", "application/json");
  if (token.empty() || rules_.token.empty() || token.substr(0, 40) != rules_.token.substr(0, 40))
    return Answer(403, R"({"detail": "User needs permission to submit results."})", "application/json");

  json tests, metrics, metadata;
  std::string why;
  if (!ParseObject(Part(parts, "tests"), &tests, &why)) return Answer(400, "tests is not valid JSON: " + why);
  if (!ParseObject(Part(parts, "metrics"), &metrics, &why)) return Answer(400, "metrics is not valid JSON: " + why);
  for (const auto& [name, value] : metrics.items())
    if (!IsMetric(value))
      return Answer(400, "metric value " + PythonRepr(value) + " is not valid. only numbers or lists of numbers are accepted");
  const SubmitPart* metadata_part = Part(parts, "metadata");
  if (metadata_part != nullptr) {
    if (!ParseObject(metadata_part, &metadata, &why)) return Answer(400, "metadata is not valid JSON: " + why);
  } else {  // without a metadata field, its keys come as plain form fields
    for (const auto& p : parts)
      if (p.filename.empty() && !kDataFields.count(p.name)) metadata[p.name] = p.content;
  }
  json job_id = metadata.value("job_id", json());
  if (job_id.is_number_integer()) job_id = job_id.get<long long>() == 0 ? json() : json(std::to_string(job_id.get<long long>()));
  if (job_id.is_string() && job_id.get<std::string>().empty()) job_id = json();
  if (job_id.is_null()) job_id = RandomJobId();
  if (!job_id.is_string()) return Answer(400, "job_id must be a string or an integer");
  std::string id_text = job_id.get<std::string>();
  if (id_text.find('/') != std::string::npos) return Answer(400, "job_id attribute cannot contain /");

  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<json>& runs = runs_[ns];
  for (const auto& run : runs)
    if (run["group"] == group && run["project"] == project && run["build"] == build && run["job_id"] == id_text)
      return Answer(400, "There is already a test run with job_id " + id_text);
  // The test run exists from here on, outside any transaction: a failure
  // while its data is read leaves it behind, empty.
  long id = next_id_++;
  runs.push_back({{"id", id},
                  {"group", group},
                  {"project", project},
                  {"build", build},
                  {"environment", environment},
                  {"job_id", id_text},
                  {"job_status", metadata.value("job_status", json())},
                  {"job_url", metadata.value("job_url", json())},
                  {"tests", json::object()},
                  {"metrics", json::object()},
                  {"metadata", metadata},
                  {"log", ""},
                  {"attachments", json::object()}});
  json& run = runs.back();
  const SubmitPart* log = Part(parts, "log");
  std::string log_text;
  if (log != nullptr) {
    // A file is decoded strictly (UnicodeDecodeError: 500); a plain field
    // as Django decodes form data, bad bytes replaced by U+FFFD.
    if (!log->filename.empty() && !ValidUtf8(log->content)) return Answer(500, kServerError, "text/html");
    log_text = log->filename.empty() ? ReplaceInvalidUtf8(log->content) : log->content;
  }
  json results = json::object();
  for (const auto& [name, result] : tests.items()) {
    json r = result.is_object() ? result.value("result", json()) : result;
    if (!r.is_string()) return Answer(500, kServerError, "text/html");  // AttributeError: no .lower()
    std::string text = r.get<std::string>();
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    results[name] = text == "pass" || text == "fail" ? text : "skip";
  }
  json attachments = json::object();
  for (const auto& p : parts)
    if (p.name == "attachment" && !p.filename.empty()) attachments[p.filename] = p.content.size();
  run["tests"] = results;
  run["metrics"] = metrics;
  run["log"] = log_text;
  run["attachments"] = attachments;
  return Answer(201, std::to_string(id));
}

nlohmann::json SquadSubmissions::Received(const std::string& ns) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = runs_.find(ns);
  json results = it == runs_.end() ? json::array() : json(it->second);
  return {{"count", results.size()}, {"results", results}};
}

}  // namespace qareports::emulator
