#include "terraform/lock_info.h"

#include <sstream>

#include "util/strings.h"

namespace qareports::terraform {

std::string LockInfo::Describe() const {
  std::string created_short = created;
  // "2026-11-27 18:51:15.923000749 +0000 UTC": the fraction of a second says nothing here.
  if (size_t dot = created_short.find('.'); dot != std::string::npos) {
    size_t space = created_short.find(' ', dot);
    created_short.erase(dot, space == std::string::npos ? std::string::npos : space - dot);
  }
  std::string out = who.empty() ? "an unnamed holder" : who;
  std::vector<std::string> about;
  if (!operation.empty()) about.push_back(operation);
  if (!created_short.empty()) about.push_back("since " + created_short);
  if (!id.empty()) about.push_back("lock ID " + id);
  if (!about.empty()) out += " (" + util::Join(about, ", ") + ")";
  return out;
}

std::optional<LockInfo> ParseLockInfo(const std::string& detail) {
  size_t at = detail.find("Lock Info:");
  if (at == std::string::npos) return std::nullopt;
  LockInfo info;
  std::istringstream lines(detail.substr(at));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) break;
    std::string key = util::Trim(line.substr(0, colon));
    std::string value = util::Trim(line.substr(colon + 1));
    if (key == "ID") info.id = value;
    else if (key == "Path") info.path = value;
    else if (key == "Operation") info.operation = value;
    else if (key == "Who") info.who = value;
    else if (key == "Version") info.version = value;
    else if (key == "Created") info.created = value;
  }
  return info;
}

}  // namespace qareports::terraform
