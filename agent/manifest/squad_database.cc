#include "manifest/squad_database.h"

#include <nlohmann/json.hpp>

namespace qareports::manifest {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Whether Python's json.loads takes the text (and so changes what it is):
// JSON itself, plus the NaN, Infinity and -Infinity that Python allows, and
// any quoted text (Python takes escapes, such as lone surrogates, that a
// strict parser refuses).
bool JsonLoadsTakes(const std::string& text) {
  size_t b = 0, e = text.size();
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  std::string core = text.substr(b, e - b);
  if (core == "NaN" || core == "Infinity" || core == "-Infinity") return true;
  if (core.size() >= 2 && core.front() == '"' && core.back() == '"') return true;
  return nlohmann::json::accept(core);
}

struct Placeholder {
  std::string name;   // as written: "database_name", "secret:DATABASE_PASSWORD"
  size_t begin, end;  // in the template, "${" to "}" inclusive
};

std::vector<Placeholder> PlaceholdersOf(const std::string& text) {
  std::vector<Placeholder> found;
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      ++i;
      continue;
    }
    size_t close = text.find('}', i + 2);
    if (close == std::string::npos) break;  // Substitute reports it
    found.push_back({text.substr(i + 2, close - i - 2), i, close + 1});
    i = close + 1;
  }
  return found;
}

}  // namespace

std::vector<std::string> SquadDatabaseProblems(const std::string& text, const std::map<std::string, std::string>& values,
                                               const SecretLookup& secret) {
  std::vector<std::string> problems;
  for (const Placeholder& p : PlaceholdersOf(text)) {
    std::optional<std::string> value;
    if (p.name.rfind("secret:", 0) == 0) {
      value = secret(p.name.substr(7));
    } else if (auto v = values.find(p.name); v != values.end()) {
      value = v->second;
    }
    if (!value) continue;
    std::string said = "the value of ${" + p.name + "}";
    if (value->find(':') != std::string::npos) {
      problems.push_back(said + " holds a ':', on which SQUAD splits DATABASE: every SQUAD pod would crash-loop");
    } else if (!value->empty() && ((IsSpace(value->front()) && p.begin > 0 && text[p.begin - 1] == ':') ||
                                   (IsSpace(value->back()) && p.end < text.size() && text[p.end] == ':'))) {
      problems.push_back(said + " has white space next to a ':' of DATABASE, which SQUAD cuts with the ':'");
    } else {
      // Whole item values only: "KEY=${x}" up to the next ':' or the end.
      bool starts_value = p.begin > 0 && text[p.begin - 1] == '=';
      bool ends_value = p.end == text.size() || text[p.end] == ':' || IsSpace(text[p.end]);
      if (starts_value && ends_value && JsonLoadsTakes(*value)) {
        problems.push_back(said + " reads as JSON, and SQUAD passes DATABASE's values through json.loads: it "
                                  "would become a number, a boolean, None, a list or a dict, or lose its quotes");
      }
    }
  }
  return problems;
}

}  // namespace qareports::manifest
