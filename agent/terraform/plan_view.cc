#include "terraform/plan_view.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::terraform {
namespace {

using nlohmann::json;

const json& Member(const json& j, const std::string& key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

const json& Element(const json& j, size_t i) {
  static const json kNull;
  return j.is_array() && i < j.size() ? j[i] : kNull;
}

Action FromActions(const json& actions, std::string& raw) {
  std::vector<std::string> names;
  if (actions.is_array()) {
    for (const json& a : actions) {
      if (a.is_string()) names.push_back(a.get<std::string>());
    }
  }
  raw = util::Join(names, ",");
  if (raw == "no-op") return Action::kNoop;
  if (raw == "create") return Action::kCreate;
  if (raw == "read") return Action::kRead;
  if (raw == "update") return Action::kUpdate;
  if (raw == "delete") return Action::kDelete;
  if (raw == "delete,create" || raw == "create,delete") return Action::kReplace;
  return Action::kOther;
}

// `value` with every secret masked in each string (keys included), before
// it is turned into JSON text, whose escapes would hide a secret holding a
// quote or a backslash from a search in the text.
json Masked(const json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) return MaskSecrets(value.get<std::string>(), secrets);
  if (value.is_array()) {
    json out = json::array();
    for (const json& v : value) out.push_back(Masked(v, secrets));
    return out;
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& item : value.items()) out[MaskSecrets(item.key(), secrets)] = Masked(item.value(), secrets);
    return out;
  }
  return value;
}

struct Walk {
  const std::vector<std::string>& secrets;
  std::vector<std::vector<std::string>> replace_paths;
  std::vector<FieldChange>& out;

  std::string Render(const json& value, const json& sensitive, const json& unknown, bool present) const {
    if (unknown.is_boolean() && unknown.get<bool>()) return kUnknown;
    if (!present) return "";
    if (sensitive.is_boolean() && sensitive.get<bool>()) return kMasked;
    return Masked(value, secrets).dump();
  }

  bool Forces(const std::vector<std::string>& path) const {
    for (const auto& replace : replace_paths) {
      if (replace.size() <= path.size() && std::equal(replace.begin(), replace.end(), path.begin())) return true;
    }
    return false;
  }

  static std::string PathText(const std::vector<std::string>& path) {
    std::string text;
    for (const std::string& part : path) {
      bool index = !part.empty() && part[0] == '[';
      text += (index || text.empty()) ? part : "." + part;
    }
    return text;
  }

  // Recurses while both sides are containers of one kind (or one side is
  // absent) and neither side is wholly sensitive or unknown.
  void Visit(const std::vector<std::string>& path, const json& before, const json& after, const json& before_sens,
             const json& after_sens, const json& unknown, bool has_before, bool has_after) {
    bool opaque = (before_sens.is_boolean() && before_sens.get<bool>()) ||
                  (after_sens.is_boolean() && after_sens.get<bool>()) ||
                  (unknown.is_boolean() && unknown.get<bool>());
    auto container = [](const json& j) { return j.is_object() || j.is_array(); };
    bool before_c = has_before && container(before) && !before.empty();
    bool after_c = has_after && container(after) && !after.empty();
    bool same_kind = (!has_before || before.is_null() || before.type() == after.type() || !has_after || after.is_null());
    if (!opaque && (before_c || after_c) && same_kind) {
      const json& shape = after_c ? after : before;
      if (shape.is_object()) {
        std::vector<std::string> keys;
        if (before.is_object()) {
          for (const auto& item : before.items()) keys.push_back(item.key());
        }
        if (after.is_object()) {
          for (const auto& item : after.items()) {
            if (!before.is_object() || !before.contains(item.key())) keys.push_back(item.key());
          }
        }
        for (const std::string& key : keys) {
          std::vector<std::string> next = path;
          next.push_back(key);
          bool in_before = before.is_object() && before.contains(key);
          bool in_after = after.is_object() && after.contains(key);
          Visit(next, Member(before, key), Member(after, key), Member(before_sens, key), Member(after_sens, key),
                Member(unknown, key), in_before, in_after || Member(unknown, key).is_boolean());
        }
      } else {
        size_t n = std::max(before.is_array() ? before.size() : 0, after.is_array() ? after.size() : 0);
        for (size_t i = 0; i < n; ++i) {
          std::vector<std::string> next = path;
          next.push_back("[" + std::to_string(i) + "]");
          Visit(next, Element(before, i), Element(after, i), Element(before_sens, i), Element(after_sens, i),
                Element(unknown, i), before.is_array() && i < before.size(), after.is_array() && i < after.size());
        }
      }
      return;
    }
    std::string b = Render(before, before_sens, json(), has_before && !before.is_null());
    std::string a = Render(after, after_sens, unknown, has_after && !after.is_null());
    bool changed = b != a || (b == kMasked && before != after);
    if (!changed || path.empty()) return;
    out.push_back({PathText(path), b, a, Forces(path)});
  }
};

std::vector<std::vector<std::string>> ReplacePaths(const json& change) {
  std::vector<std::vector<std::string>> paths;
  const json& list = Member(change, "replace_paths");
  if (!list.is_array()) return paths;
  for (const json& p : list) {
    std::vector<std::string> path;
    for (const json& step : p.is_array() ? p : json::array()) {
      path.push_back(step.is_string() ? step.get<std::string>() : "[" + step.dump() + "]");
    }
    paths.push_back(path);
  }
  return paths;
}

}  // namespace

std::string ActionName(Action action) {
  switch (action) {
    case Action::kNoop: return "unchanged";
    case Action::kCreate: return "create";
    case Action::kRead: return "read";
    case Action::kUpdate: return "update";
    case Action::kReplace: return "replace";
    case Action::kDelete: return "delete";
    case Action::kOther: return "other";
  }
  return "other";
}

std::string ResourceChange::Title() const {
  std::string name = action == Action::kOther ? raw_actions : ActionName(action);
  return name + " " + address + (reason.empty() ? "" : " (" + reason + ")");
}

std::vector<std::string> ResourceChange::Describe() const {
  std::vector<std::string> lines;
  for (const FieldChange& f : fields) {
    std::string line = f.path + ": ";
    if (f.before.empty()) line += "+ " + f.after;
    else if (f.after.empty()) line += "- " + f.before;
    else line += f.before + " -> " + f.after;
    if (f.forces_replacement) line += "  (forces replacement)";
    lines.push_back(line);
  }
  return lines;
}

size_t PlanView::Count(Action action) const {
  return static_cast<size_t>(std::count_if(resources.begin(), resources.end(),
                                           [&](const ResourceChange& r) { return r.action == action; }));
}

bool PlanView::HasChanges() const {
  return std::any_of(resources.begin(), resources.end(), [](const ResourceChange& r) {
    return r.action != Action::kNoop && r.action != Action::kRead;
  });
}

std::string PlanView::Summary() const {
  return std::to_string(Count(Action::kCreate)) + " to create, " + std::to_string(Count(Action::kUpdate)) +
         " to update, " + std::to_string(Count(Action::kReplace)) + " to replace, " +
         std::to_string(Count(Action::kDelete)) + " to delete";
}

std::string MaskSecrets(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + std::string(kMasked).size())) {
      text.replace(at, secret.size(), kMasked);
    }
  }
  return text;
}

Result<PlanView> ParsePlanView(const std::string& show_json, const std::vector<std::string>& secrets) {
  // Only what is read is kept: a plan of thousands of resources also holds
  // the prior state, planned values and configuration, several times over.
  json::parser_callback_t keep = [](int depth, json::parse_event_t event, json& parsed) {
    if (depth != 1 || event != json::parse_event_t::key) return true;
    return parsed == "format_version" || parsed == "resource_changes";
  };
  json root = util::ParseJson(show_json, keep);
  if (!root.is_object()) return Error::InvalidInput("terraform show -json did not print a JSON object");
  PlanView view;
  const json& version = Member(root, "format_version");
  view.format_version = version.is_string() ? version.get<std::string>() : "";
  if (view.format_version.substr(0, view.format_version.find('.')) != "1") {
    return Error::Unavailable("terraform's plan is in format " +
                              (view.format_version.empty() ? std::string("(none)") : view.format_version) +
                              ", which qareports does not read (it reads format 1.x): use Terraform 1.x");
  }
  const json& changes = Member(root, "resource_changes");
  for (const json& rc : changes.is_array() ? changes : json::array()) {
    ResourceChange r;
    const json& address = Member(rc, "address");
    r.address = address.is_string() ? address.get<std::string>() : "(unnamed)";
    const json& change = Member(rc, "change");
    r.action = FromActions(Member(change, "actions"), r.raw_actions);
    const json& reason = Member(rc, "action_reason");
    r.reason = reason.is_string() ? reason.get<std::string>() : "";
    if (r.action != Action::kNoop && r.action != Action::kDelete && r.action != Action::kRead) {
      Walk walk{secrets, ReplacePaths(change), r.fields};
      const json& before = Member(change, "before");
      const json& after = Member(change, "after");
      walk.Visit({}, before, after, Member(change, "before_sensitive"), Member(change, "after_sensitive"),
                 Member(change, "after_unknown"), !before.is_null(), !after.is_null());
    }
    view.resources.push_back(std::move(r));
  }
  return view;
}

std::string GitLabReport(const std::vector<const PlanView*>& plans) {
  size_t create = 0, update = 0, remove = 0;
  for (const PlanView* plan : plans) {
    create += plan->Count(Action::kCreate) + plan->Count(Action::kReplace);
    update += plan->Count(Action::kUpdate);
    remove += plan->Count(Action::kDelete) + plan->Count(Action::kReplace);
  }
  return json{{"create", create}, {"update", update}, {"delete", remove}}.dump() + "\n";
}

}  // namespace qareports::terraform
