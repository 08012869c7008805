// A saved Terraform plan as `terraform show -json PLAN` describes it, read
// into what people review: each resource's address, action (a replace is
// one action), Terraform's reason, and the fields that change, old and new.
// Every value Terraform marks sensitive (before_sensitive/after_sensitive)
// and every secret the caller names is masked here, before anything can
// print, report or store it; values known only after apply say so.
// Accepts format_version 1.x, ignoring keys it does not know. Pure.
#pragma once

#include <string>
#include <vector>

#include "util/result.h"

namespace qareports::terraform {

enum class Action { kNoop, kCreate, kRead, kUpdate, kReplace, kDelete, kOther };
std::string ActionName(Action action);

struct FieldChange {
  std::string path;    // "input.instance_class", "triggers_replace[0]"
  std::string before;  // JSON text, "(sensitive value)", "(known after apply)"; empty when absent
  std::string after;
  bool forces_replacement = false;  // under one of replace_paths
};

struct ResourceChange {
  std::string address;
  Action action = Action::kNoop;
  std::string raw_actions;  // Terraform's actions, joined with "," (for kOther)
  std::string reason;       // action_reason, e.g. replace_because_cannot_update
  std::vector<FieldChange> fields;

  // "replace terraform_data.broker (replace_because_cannot_update)"
  std::string Title() const;
  // One line per field: "input.instance_class: \"db.t4g.small\" -> \"db.t4g.large\"".
  std::vector<std::string> Describe() const;
};

struct PlanView {
  std::string format_version;
  std::vector<ResourceChange> resources;  // as Terraform lists them, no-ops included

  size_t Count(Action action) const;
  bool HasChanges() const;
  // "2 to create, 1 to update, 1 to replace, 0 to delete"
  std::string Summary() const;
};

inline constexpr const char* kMasked = "(sensitive value)";
inline constexpr const char* kUnknown = "(known after apply)";

// `secrets`: values that must never appear, whatever Terraform marks.
// Unavailable for a format_version whose major is not 1; InvalidInput for
// text that is not a plan.
Result<PlanView> ParsePlanView(const std::string& show_json, const std::vector<std::string>& secrets);

// Every occurrence of each non-empty secret in `text` replaced by kMasked.
std::string MaskSecrets(std::string text, const std::vector<std::string>& secrets);

// GitLab's Terraform report artifact: {"create": N, "update": N, "delete": N},
// a replace counted once in create and once in delete.
std::string GitLabReport(const std::vector<const PlanView*>& plans);

}  // namespace qareports::terraform
