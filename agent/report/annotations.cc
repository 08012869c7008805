#include "report/annotations.h"

#include <filesystem>
#include <regex>
#include <sstream>
#include <utility>
#include <vector>

#include "util/linear_regex.h"

namespace qareports::report {
namespace {

// As GitHub's toolkit escapes a command's message...
std::string EscapeData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

// ...and its properties, where ':' and ',' end a value.
std::string EscapeProperty(const std::string& text) {
  std::string out;
  for (char c : EscapeData(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string Relative(const std::string& file, const std::string& workspace) {
  std::filesystem::path path(file);
  if (workspace.empty() || !path.is_absolute()) return file;
  std::filesystem::path relative = path.lexically_normal().lexically_relative(std::filesystem::path(workspace));
  if (relative.empty() || *relative.begin() == "..") return file;
  return relative.generic_string();
}

}  // namespace

std::string GithubErrorAnnotations(const std::string& title, const std::string& error_text,
                                   const std::string& workspace) {
  static const std::regex placed(R"(^([^:\s][^:]*):(\d+)(?::(\d+))?: (.*)$)", util::kLinearRegex);
  std::vector<std::pair<std::string, std::string>> annotations;  // properties, message
  std::istringstream lines(error_text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    std::smatch m;
    if (std::regex_match(line, m, placed)) {
      annotations.emplace_back("file=" + EscapeProperty(Relative(m[1], workspace)) + ",line=" + m[2].str() +
                                   (m[3].matched ? ",col=" + m[3].str() : "") + ",",
                               m[4]);
    } else if (!annotations.empty()) {
      annotations.back().second += "\n" + line;  // a placed message's further lines
    } else {
      annotations.emplace_back("", line);
    }
  }
  std::string out;
  for (const auto& [properties, message] : annotations) {
    out += "::error " + properties + "title=" + EscapeProperty(title) + "::" + EscapeData(message) + "\n";
  }
  return out;
}

}  // namespace qareports::report
