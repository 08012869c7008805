#include "config/report_reader.h"

#include <regex>

#include "util/linear_regex.h"

namespace qareports::config {
namespace {

// SQUAD's slugs: a group may start with '~' (a user's own).
const std::regex kGroupSlug("~?[a-zA-Z0-9][a-zA-Z0-9_.-]*", util::kLinearRegex);
const std::regex kProjectSlug("[a-zA-Z0-9][a-zA-Z0-9_.-]*", util::kLinearRegex);
const std::regex kUrl("https?://[^/\\s?#]+(/[^\\s?#]*)?", util::kLinearRegex);
const std::regex kVariable("[A-Za-z_][A-Za-z0-9_]*", util::kLinearRegex);

void ReadSquad(const YAML::Node& node, Config& config, Problems& problems) {
  YamlMap map(node, "report.squad", problems);
  if (!map.valid()) return;
  SquadReport squad;
  squad.url = map.String("url", true).value_or("");
  squad.group = map.String("group", true).value_or("");
  squad.project = map.String("project", true).value_or("");
  YAML::Node token = map.Take("token");
  map.RejectUnknown();
  if (!squad.url.empty() && !std::regex_match(squad.url, kUrl)) {
    problems.Add(Child(node, "url"), "report.squad.url", "must be an http:// or https:// URL without query");
  }
  while (!squad.url.empty() && squad.url.back() == '/') squad.url.pop_back();
  if (!squad.group.empty() && !std::regex_match(squad.group, kGroupSlug)) {
    problems.Add(Child(node, "group"), "report.squad.group",
                 "must be a SQUAD group slug (letters, digits, '_', '.', '-'; '~' first for a user's group)");
  }
  if (!squad.project.empty() && !std::regex_match(squad.project, kProjectSlug)) {
    problems.Add(Child(node, "project"), "report.squad.project",
                 "must be a SQUAD project slug (letters, digits, '_', '.', '-')");
  }
  if (!token) {
    problems.Add(node, "report.squad.token", "is required: {env: VARIABLE}, the CI variable with the submit token");
  } else {
    YamlMap source(token, "report.squad.token", problems);
    squad.token_env = source.String("env", true).value_or("");
    source.RejectUnknown();
    if (!squad.token_env.empty() && !std::regex_match(squad.token_env, kVariable)) {
      problems.Add(Child(token, "env"), "report.squad.token.env", "must be an environment variable name");
    }
  }
  if (squad.url.empty() || squad.group.empty() || squad.project.empty() || squad.token_env.empty()) return;
  config.squad_report = squad;
}

}  // namespace

void ReadReport(const YAML::Node& node, Config& config, Problems& problems) {
  if (!node || node.IsNull()) return;
  YamlMap map(node, "report", problems);
  if (!map.valid()) return;
  if (YAML::Node squad = map.Take("squad"); squad && !squad.IsNull()) ReadSquad(squad, config, problems);
  map.RejectUnknown();
}

}  // namespace qareports::config
