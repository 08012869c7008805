#include "report/log_sections.h"

#include <cctype>

namespace qareports::report {
namespace {

// GitLab's section names are letters, digits, '_', '.' and '-'.
std::string GitLabName(const std::string& id) {
  std::string name = "qareports_";
  for (char c : id) name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  return name;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\033') c = ' ';
  }
  return text;
}

}  // namespace

std::string SectionStart(CiSystem ci, const Section& section, long epoch) {
  switch (ci) {
    case CiSystem::kGitLab:
      return "\033[0Ksection_start:" + std::to_string(epoch) + ":" + GitLabName(section.id) +
             (section.collapsed ? "[collapsed=true]" : "") + "\r\033[0K" + OneLine(section.title) + "\n";
    case CiSystem::kGitHub: return "::group::" + OneLine(section.title) + "\n";
    case CiSystem::kPlain: break;
  }
  return "";
}

std::string SectionEnd(CiSystem ci, const Section& section, long epoch) {
  switch (ci) {
    case CiSystem::kGitLab:
      return "\033[0Ksection_end:" + std::to_string(epoch) + ":" + GitLabName(section.id) + "\r\033[0K\n";
    case CiSystem::kGitHub: return "::endgroup::\n";
    case CiSystem::kPlain: break;
  }
  return "";
}

}  // namespace qareports::report
