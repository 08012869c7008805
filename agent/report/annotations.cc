#include "report/annotations.h"

#include <filesystem>
#include <regex>
#include <sstream>
#include <vector>

#include "util/linear_regex.h"

namespace qareports::report {
namespace {

struct Annotation {
  std::string properties;  // "file=…,line=…," or ""
  std::string title;
  std::string message;
};

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

// One annotation a place a line names; a line with no place before any is
// one of no file, and a line after a placed one continues its message.
void AddPlaced(const std::string& title, const std::string& text, const std::string& workspace,
               std::vector<Annotation>& out) {
  static const std::regex placed(R"(^([^:\s][^:]*):(\d+)(?::(\d+))?: (.*)$)", util::kLinearRegex);
  size_t first = out.size();
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    std::smatch m;
    if (std::regex_match(line, m, placed)) {
      out.push_back({"file=" + EscapeProperty(Relative(m[1], workspace)) + ",line=" + m[2].str() +
                         (m[3].matched ? ",col=" + m[3].str() : "") + ",",
                     title, m[4]});
    } else if (out.size() > first) {
      out.back().message += "\n" + line;
    } else {
      out.push_back({"", title, line});
    }
  }
}

// A case's message, and the first lines of its details.
std::string CaseMessage(const TestCase& c) {
  constexpr int kDetailLines = 20;
  std::string message = c.message;
  std::istringstream body(c.body);
  int n = 0;
  for (std::string line; n < kDetailLines && std::getline(body, line); ++n) message += "\n" + line;
  return message;
}

std::string Command(const Annotation& a) {
  return "::error " + a.properties + "title=" + EscapeProperty(a.title) + "::" + EscapeData(a.message) + "\n";
}

}  // namespace

std::string GithubErrorAnnotations(const Failure& failure, const Report& report) {
  std::vector<Annotation> all;
  if (failure.error_placed) {
    AddPlaced(failure.title + ": invalid input", failure.error, failure.workspace, all);
  } else if (!failure.error.empty()) {
    all.push_back({"", failure.title, failure.error});
  }
  for (const TestSuite& s : report.suites()) {
    for (const TestCase& c : s.cases) {
      if (c.status != TestCase::Status::kFailed && c.status != TestCase::Status::kError) continue;
      if (!c.message.empty() && failure.error.find(c.message) != std::string::npos) continue;  // said with the error
      all.push_back({"", failure.title + ": " + s.name + " " + c.name, CaseMessage(c)});
    }
  }
  std::string out;
  size_t shown = all.size() <= kGithubErrorsPerStep ? all.size() : kGithubErrorsPerStep - 1;
  for (size_t i = 0; i < shown; ++i) out += Command(all[i]);
  if (shown < all.size()) {
    Annotation rest{"", failure.title + ": " + std::to_string(all.size() - shown) + " more failures", ""};
    for (size_t i = shown; i < all.size(); ++i) {
      rest.message += (i > shown ? "\n" : "") + all[i].title + ": " + all[i].message.substr(0, all[i].message.find('\n'));
    }
    out += Command(rest);
  }
  return out;
}

}  // namespace qareports::report
