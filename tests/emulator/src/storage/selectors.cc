#include "storage/selectors.h"

#include <algorithm>
#include <cctype>

namespace qareports::emulator {

static std::string Trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Splits on commas outside parentheses.
static std::vector<std::string> SplitTerms(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!Trim(cur).empty()) out.push_back(Trim(cur));
  return out;
}

static bool ParseSet(const std::string& term, const std::string& word, Requirement* r) {
  auto pos = term.find(" " + word + " ");
  if (pos == std::string::npos) pos = term.find(" " + word + "(");
  if (pos == std::string::npos) return false;
  r->key = Trim(term.substr(0, pos));
  r->op = word;
  auto open = term.find('(', pos);
  auto close = term.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return false;
  std::string inner = term.substr(open + 1, close - open - 1);
  std::size_t start = 0;
  while (true) {
    auto comma = inner.find(',', start);
    r->values.push_back(Trim(inner.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

static bool ParseTerm(const std::string& term, Requirement* r) {
  if (ParseSet(term, "notin", r) || ParseSet(term, "in", r)) return !r->key.empty();
  if (auto p = term.find("!="); p != std::string::npos) {
    *r = {Trim(term.substr(0, p)), "!=", {Trim(term.substr(p + 2))}};
  } else if (auto q = term.find("=="); q != std::string::npos) {
    *r = {Trim(term.substr(0, q)), "=", {Trim(term.substr(q + 2))}};
  } else if (auto e = term.find('='); e != std::string::npos) {
    *r = {Trim(term.substr(0, e)), "=", {Trim(term.substr(e + 1))}};
  } else if (!term.empty() && term[0] == '!') {
    *r = {Trim(term.substr(1)), "!", {}};
  } else {
    *r = {Trim(term), "exists", {}};
  }
  return !r->key.empty();
}

bool ParseLabelSelector(const std::string& text, Selector* out, std::string* error) {
  out->requirements.clear();
  for (const auto& term : SplitTerms(text)) {
    Requirement r;
    if (!ParseTerm(term, &r)) {
      *error = "unable to parse requirement: found '" + term + "'";
      return false;
    }
    out->requirements.push_back(r);
  }
  return true;
}

static bool LabelMatches(const Requirement& r, const json& labels) {
  bool has = labels.is_object() && labels.contains(r.key) && labels[r.key].is_string();
  std::string v = has ? labels[r.key].get<std::string>() : "";
  auto in = [&] { return std::find(r.values.begin(), r.values.end(), v) != r.values.end(); };
  if (r.op == "=") return has && v == r.values[0];
  if (r.op == "!=") return !has || v != r.values[0];
  if (r.op == "in") return has && in();
  if (r.op == "notin") return !has || !in();
  if (r.op == "exists") return has;
  return !has;  // "!"
}

bool Selector::Matches(const json& labels) const {
  for (const auto& r : requirements)
    if (!LabelMatches(r, labels)) return false;
  return true;
}

static std::vector<std::string> AllowedFields(const std::string& resource) {
  std::vector<std::string> f = {"metadata.name", "metadata.namespace"};
  if (resource == "pods")
    f.insert(f.end(), {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                       "spec.serviceAccountName", "status.phase", "status.podIP",
                       "status.nominatedNodeName"});
  if (resource == "events")
    f.insert(f.end(), {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                       "involvedObject.uid", "involvedObject.apiVersion",
                       "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                       "reportingComponent", "source", "type"});
  if (resource == "secrets") f.push_back("type");
  if (resource == "namespaces") f.push_back("status.phase");
  if (resource == "replicasets") f.push_back("status.replicas");
  if (resource == "jobs") f.push_back("status.successful");
  return f;
}

bool ParseFieldSelector(const std::string& text, const std::string& resource, Selector* out,
                        std::string* error) {
  out->requirements.clear();
  auto allowed = AllowedFields(resource);
  for (const auto& term : SplitTerms(text)) {
    Requirement r;
    if (!ParseTerm(term, &r) || (r.op != "=" && r.op != "!=")) {
      *error = "invalid selector: '" + text + "'; can't understand '" + term + "'";
      return false;
    }
    if (std::find(allowed.begin(), allowed.end(), r.key) == allowed.end()) {
      *error = "field label not supported: " + r.key;
      return false;
    }
    out->requirements.push_back(r);
  }
  return true;
}

static std::string FieldValue(const json& object, const std::string& path) {
  if (path == "source") {
    return object.contains("source") ? object["source"].value("component", "") : "";
  }
  const json* cur = &object;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto dot = path.find('.', start);
    std::string part = path.substr(start, dot - start);
    if (!cur->is_object() || !cur->contains(part)) return "";
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_null()) return "";
  return cur->dump();
}

bool MatchesFields(const Selector& s, const json& object) {
  for (const auto& r : s.requirements) {
    std::string v = FieldValue(object, r.key);
    if (r.op == "=" && v != r.values[0]) return false;
    if (r.op == "!=" && v == r.values[0]) return false;
  }
  return true;
}

Selector FromLabelSelector(const json& ls) {
  Selector s;
  if (!ls.is_object()) return s;
  if (ls.contains("matchLabels") && ls["matchLabels"].is_object())
    for (auto& [k, v] : ls["matchLabels"].items())
      s.requirements.push_back({k, "=", {v.is_string() ? v.get<std::string>() : v.dump()}});
  if (ls.contains("matchExpressions") && ls["matchExpressions"].is_array())
    for (const auto& e : ls["matchExpressions"]) {
      Requirement r;
      r.key = e.value("key", "");
      std::string op = e.value("operator", "");
      r.op = op == "In" ? "in" : op == "NotIn" ? "notin" : op == "Exists" ? "exists" : "!";
      if (e.contains("values"))
        for (const auto& v : e["values"]) r.values.push_back(v.get<std::string>());
      s.requirements.push_back(r);
    }
  return s;
}

bool MatchesMap(const json& selector, const json& labels) {
  return FromLabelSelector({{"matchLabels", selector}}).Matches(labels);
}

std::string LabelSelectorString(const json& ls) {
  Selector s = FromLabelSelector(ls);
  std::string out;
  for (const auto& r : s.requirements) {
    if (!out.empty()) out += ",";
    if (r.op == "=") out += r.key + "=" + r.values[0];
    else if (r.op == "exists") out += r.key;
    else if (r.op == "!") out += "!" + r.key;
    else {
      out += r.key + " " + r.op + " (";
      for (std::size_t i = 0; i < r.values.size(); ++i) out += (i ? "," : "") + r.values[i];
      out += ")";
    }
  }
  return out;
}

}  // namespace qareports::emulator
