// Label and field selectors as LIST, WATCH and DELETE-collection take
// them (`app=web,tier!=db,env in (a,b),!legacy`), and metav1.LabelSelector
// objects as Deployments, ReplicaSets and Jobs hold them. Pure functions.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace qareports::emulator {

using json = nlohmann::json;

struct Requirement {
  std::string key;
  std::string op;  // "=", "!=", "in", "notin", "exists", "!"
  std::vector<std::string> values;
};

struct Selector {
  std::vector<Requirement> requirements;
  bool Matches(const json& labels) const;
  bool empty() const { return requirements.empty(); }
};

// Parses a label selector string; returns false (with a message) when bad.
bool ParseLabelSelector(const std::string& text, Selector* out, std::string* error);
// Field selectors support `=`, `==` and `!=`; values are read from the
// object by dotted path. Returns false with a message for unsupported fields.
bool ParseFieldSelector(const std::string& text, const std::string& resource, Selector* out,
                        std::string* error);
bool MatchesFields(const Selector& s, const json& object);
// metav1.LabelSelector (matchLabels, matchExpressions) to a Selector.
Selector FromLabelSelector(const json& label_selector);
// Whether a map selector (a Service's, a pod's nodeSelector) matches `labels`.
bool MatchesMap(const json& selector, const json& labels);
// The string form, as a Scale's status.selector shows it.
std::string LabelSelectorString(const json& label_selector);

}  // namespace qareports::emulator
