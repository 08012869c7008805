// Terraform's machine-readable UI (`plan -json`, `apply -json`, `init
// -json`): one JSON object per line. Each line is read into an Event with
// what the driver needs: the message, a diagnostic with its file range, the
// resource and action of planned_change/apply_*, change_summary counts.
// Unknown types keep their message; unknown keys are ignored. Pure.
#pragma once

#include <optional>
#include <string>

namespace qareports::terraform {

struct Diagnostic {
  std::string severity;  // error | warning
  std::string summary;
  std::string detail;
  std::string filename;  // relative to the layer's directory; empty when none
  long line = 0;

  // "main.tf:61: Resource postcondition failed: The database is not healthy."
  std::string ToString() const;
};

struct Event {
  std::string type;   // version, diagnostic, planned_change, apply_start, ...
  std::string level;  // info, warn, error
  std::string message;
  std::optional<Diagnostic> diagnostic;
  std::string address;  // planned_change, apply_*: the resource
  std::string action;   // create, update, delete, replace, ...
  long add = 0, change = 0, remove = 0;  // change_summary
};

// nullopt for a line that is not a JSON object (Terraform prints some
// warnings as plain text even with -json).
std::optional<Event> ParseEvent(const std::string& line);

}  // namespace qareports::terraform
