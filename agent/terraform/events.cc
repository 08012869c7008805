#include "terraform/events.h"

#include <nlohmann/json.hpp>

namespace qareports::terraform {
namespace {

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long Number(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<long>() : 0;
}

const nlohmann::json& Object(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace

std::string Diagnostic::ToString() const {
  std::string out;
  if (!filename.empty()) out += filename + (line > 0 ? ":" + std::to_string(line) : "") + ": ";
  out += summary.empty() ? "(no summary)" : summary;
  if (!detail.empty()) out += ": " + detail;
  return out;
}

std::optional<Event> ParseEvent(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  Event e;
  e.type = Text(j, "type");
  e.level = Text(j, "@level");
  e.message = Text(j, "@message");
  if (const nlohmann::json& d = Object(j, "diagnostic"); !d.empty()) {
    Diagnostic diagnostic;
    diagnostic.severity = Text(d, "severity");
    diagnostic.summary = Text(d, "summary");
    diagnostic.detail = Text(d, "detail");
    const nlohmann::json& range = Object(d, "range");
    diagnostic.filename = Text(range, "filename");
    diagnostic.line = Number(Object(range, "start"), "line");
    e.diagnostic = diagnostic;
  }
  // planned_change carries "change", apply_* carry "hook".
  const nlohmann::json& change = Object(j, Object(j, "change").empty() ? "hook" : "change");
  e.address = Text(Object(change, "resource"), "addr");
  e.action = Text(change, "action");
  if (const nlohmann::json& counts = Object(j, "changes"); !counts.empty()) {
    e.add = Number(counts, "add");
    e.change = Number(counts, "change");
    e.remove = Number(counts, "remove");
  }
  return e;
}

}  // namespace qareports::terraform
