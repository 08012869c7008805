#include "util/linear_regex.h"

#include <cctype>
#include <optional>

namespace qareports::util {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// What std::regex's compiler must not be given: too long a pattern, a
// back-reference, a repeat count above the limit. A `{` starts a count
// wherever it stands (the compiler reads one after any unescaped `{`);
// inside a bracket, `[{12345]`, this refuses a pattern it need not.
std::optional<std::string> Problem(const std::string& p) {
  if (p.size() > kMaxRegexLength) {
    return "is " + std::to_string(p.size()) + " characters long; at most " + std::to_string(kMaxRegexLength);
  }
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      if (p[i + 1] >= '1' && p[i + 1] <= '9') {
        return std::string("has a back-reference (\\") + p[i + 1] + "), which is not supported";
      }
      ++i;  // an escaped character, `\{` among them
      continue;
    }
    if (p[i] != '{') continue;
    for (size_t j = i + 1;; ++j) {  // {n}, {n,} or {n,m}
      size_t start = j;
      while (j < p.size() && IsDigit(p[j])) ++j;
      std::string count = p.substr(start, j - start);
      if (count.size() > 4 || (!count.empty() && std::stol(count) > kMaxRegexRepeat)) {
        return "repeats " + count + " times; at most " + std::to_string(kMaxRegexRepeat);
      }
      if (j >= p.size() || p[j] != ',') break;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<UserRegex> UserRegex::Compile(const std::string& pattern, std::regex::flag_type extra) {
  if (std::optional<std::string> problem = Problem(pattern)) return Error::InvalidInput(*problem);
  try {
    // The pattern alone first: wrapped, `a)|(b` would compile.
    unsigned groups = std::regex(pattern, kLinearRegex | extra).mark_count();
    return UserRegex(std::regex("[\\s\\S]*?(?:" + pattern + ")[\\s\\S]*", kLinearRegex | extra), groups);
  } catch (const std::regex_error& e) {
    if (e.code() == std::regex_constants::error_space) {  // its words name a macro of libstdc++'s
      return Error::InvalidInput("is too large to match: its repeats make more states than the matcher allows");
    }
    return Error::InvalidInput(std::string("is not a valid regular expression: ") + e.what());
  }
}

bool UserRegex::Search(const std::string& text, std::smatch* match) const {
  std::smatch ignored;
  return std::regex_match(text, match ? *match : ignored, search_);
}

}  // namespace qareports::util
