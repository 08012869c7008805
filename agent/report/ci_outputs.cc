#include "report/ci_outputs.h"

#include <algorithm>
#include <cctype>

namespace qareports::report {
namespace {

std::string OneLine(std::string value) {
  std::replace_if(value.begin(), value.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return value;
}

}  // namespace

std::string Dotenv(const Variables& vars) {
  std::string out;
  for (const auto& [key, value] : vars) out += key + "=" + OneLine(value) + "\n";
  return out;
}

Status WriteDotenv(const std::string& path, const Variables& vars, sys::FileSystem& fs) {
  return fs.WriteAtomic(path, Dotenv(vars));
}

Status AppendGithubOutput(const std::string& path, const Variables& vars, sys::FileSystem& fs) {
  std::string out;
  for (const auto& [key, value] : vars) {
    std::string name = key;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out += name + "=" + OneLine(value) + "\n";
  }
  return fs.Append(path, out);
}

}  // namespace qareports::report
