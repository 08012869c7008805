#include "terraform/events.h"

#include <nlohmann/json.hpp>

#include "util/json_fields.h"

namespace qareports::terraform {
namespace {

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
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
  nlohmann::json j = util::ParseJson(line);
  if (!j.is_object()) return std::nullopt;
  Event e;
  e.type = Text(j, "type");
  e.level = Text(j, "@level");
  e.message = Text(j, "@message");
  if (const nlohmann::json& d = util::ObjectField(j, "diagnostic"); !d.empty()) {
    Diagnostic diagnostic;
    diagnostic.severity = Text(d, "severity");
    diagnostic.summary = Text(d, "summary");
    diagnostic.detail = Text(d, "detail");
    const nlohmann::json& range = util::ObjectField(d, "range");
    diagnostic.filename = Text(range, "filename");
    diagnostic.line = util::IntegerField(util::ObjectField(range, "start"), "line", 0);
    e.diagnostic = diagnostic;
  }
  // planned_change carries "change", apply_* carry "hook".
  const nlohmann::json& change = util::ObjectField(j, util::ObjectField(j, "change").empty() ? "hook" : "change");
  e.address = Text(util::ObjectField(change, "resource"), "addr");
  e.action = Text(change, "action");
  if (const nlohmann::json& counts = util::ObjectField(j, "changes"); !counts.empty()) {
    e.add = util::IntegerField(counts, "add", 0);
    e.change = util::IntegerField(counts, "change", 0);
    e.remove = util::IntegerField(counts, "remove", 0);
  }
  return e;
}

}  // namespace qareports::terraform
