#include "report/ci_outputs.h"

#include <algorithm>
#include <cctype>
#include <random>

namespace qareports::report {
namespace {

std::string OneLine(std::string value) {
  std::replace_if(value.begin(), value.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return value;
}

std::string RandomHex(size_t bytes) {
  static std::random_device random;
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < bytes; ++i) {
    unsigned byte = random() & 0xFF;
    hex += digits[byte >> 4];
    hex += digits[byte & 0xF];
  }
  return hex;
}

}  // namespace

std::string Dotenv(const Variables& vars) {
  std::string out;
  for (const auto& [key, value] : vars) out += key + "=" + OneLine(value) + "\n";
  return out;
}

Status WriteDotenv(const std::string& path, const Variables& vars, sys::FileSystem& fs) {
  std::string text = Dotenv(vars);
  if (text.size() > kDotenvLimit) {
    return Error::Failed("the dotenv report " + path + " would be " + std::to_string(text.size()) +
                         " bytes; GitLab reads at most " + std::to_string(kDotenvLimit));
  }
  return fs.WriteAtomic(path, text);
}

Status AppendGithubOutput(const std::string& path, const Variables& vars, sys::FileSystem& fs) {
  std::string out;
  for (const auto& [key, value] : vars) {
    std::string name = key;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (value.find_first_of("\r\n") == std::string::npos) {
      out += name + "=" + value + "\n";
      continue;
    }
    std::string delimiter;
    do delimiter = "ghadelimiter_" + RandomHex(16);
    while (value.find(delimiter) != std::string::npos);
    out += name + "<<" + delimiter + "\n" + value + (value.back() == '\n' ? "" : "\n") + delimiter + "\n";
  }
  return fs.Append(path, out);
}

}  // namespace qareports::report
