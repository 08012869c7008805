#include "squad/squad_outages.h"

#include <sstream>
#include <vector>

namespace qareports::emulator {
namespace {

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

}  // namespace

bool SquadOutages::Set(const std::string& spec, std::string* error) {
  static const std::set<std::string> known = {"broker", "database", "workers"};
  std::map<std::string, std::set<std::string>> down;
  std::string text = spec;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (const std::string& rule : Split(text, ';')) {
    size_t eq = rule.find('=');
    if (eq == std::string::npos || eq == 0) {
      *error = "\"" + rule + "\" is not NAMESPACE=BACKEND[,BACKEND...]";
      return false;
    }
    for (const std::string& backend : Split(rule.substr(eq + 1), ',')) {
      if (!known.count(backend)) {
        *error = "unknown backend \"" + backend + "\" (broker, database, workers)";
        return false;
      }
      down[rule.substr(0, eq)].insert(backend);
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  down_ = std::move(down);
  return true;
}

std::string SquadOutages::spec() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [ns, backends] : down_) {
    out += (out.empty() ? "" : ";") + ns + "=";
    std::string list;
    for (const std::string& b : backends) list += (list.empty() ? "" : ",") + b;
    out += list;
  }
  return out;
}

std::set<std::string> SquadOutages::Down(const std::string& ns) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = down_.find(ns);
  return it == down_.end() ? std::set<std::string>{} : it->second;
}

}  // namespace qareports::emulator
