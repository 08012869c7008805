#include "version/version.h"

#include <algorithm>
#include <cctype>

namespace qareports::version {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool IdentifierChars(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

std::vector<std::string_view> SplitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// Semver's precedence for one pre-release identifier.
int CompareIdentifier(const std::string& a, const std::string& b) {
  bool an = AllDigits(a), bn = AllDigits(b);
  if (an && bn) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  if (an != bn) return an ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

Error Invalid(std::string_view text, const std::string& why) {
  return Error::InvalidInput("\"" + std::string(text) + "\" is not a version (" + why +
                             "; expected 2 to 4 numbers such as 1.90 or v1.86.3, optionally -rc.1)");
}

}  // namespace

std::string Version::ToString() const {
  std::string out;
  for (size_t i = 0; i < numbers.size(); ++i) out += (i ? "." : "") + std::to_string(numbers[i]);
  for (size_t i = 0; i < prerelease.size(); ++i) out += (i ? "." : "-") + prerelease[i];
  return out;
}

std::string TagOf(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  return std::string(text);
}

Result<Version> Parse(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  std::string_view core = s, pre;
  if (size_t dash = s.find('-'); dash != std::string_view::npos) {
    core = s.substr(0, dash);
    pre = s.substr(dash + 1);
    if (pre.empty()) return Invalid(text, "empty pre-release");
  }
  Version v;
  for (std::string_view part : SplitDots(core)) {
    if (!AllDigits(part)) return Invalid(text, "a component is not a number");
    if (part.size() > 9) return Invalid(text, "a component is too large");
    v.numbers.push_back(std::stoull(std::string(part)));
  }
  if (v.numbers.size() < 2 || v.numbers.size() > 4) return Invalid(text, "wrong number of components");
  if (!pre.empty()) {
    for (std::string_view id : SplitDots(pre)) {
      if (!IdentifierChars(id)) return Invalid(text, "bad pre-release identifier");
      v.prerelease.emplace_back(id);
    }
  }
  return v;
}

int Compare(const Version& a, const Version& b) {
  size_t n = std::max(a.numbers.size(), b.numbers.size());
  for (size_t i = 0; i < n; ++i) {
    uint64_t x = i < a.numbers.size() ? a.numbers[i] : 0;
    uint64_t y = i < b.numbers.size() ? b.numbers[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.prerelease.empty() != b.prerelease.empty()) return a.prerelease.empty() ? 1 : -1;
  size_t m = std::min(a.prerelease.size(), b.prerelease.size());
  for (size_t i = 0; i < m; ++i) {
    if (int c = CompareIdentifier(a.prerelease[i], b.prerelease[i]); c != 0) return c;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

std::string_view BumpName(Bump bump) {
  switch (bump) {
    case Bump::kNone: return "none";
    case Bump::kPatch: return "patch";
    case Bump::kMinor: return "minor";
    case Bump::kMajor: return "major";
    case Bump::kDowngrade: return "downgrade";
    case Bump::kInitial: return "initial";
  }
  return "none";
}

Bump Classify(const std::optional<Version>& previous, const Version& next) {
  if (!previous) return Bump::kInitial;
  int c = Compare(*previous, next);
  if (c == 0) return Bump::kNone;
  if (c > 0) return Bump::kDowngrade;
  auto at = [](const Version& v, size_t i) -> uint64_t { return i < v.numbers.size() ? v.numbers[i] : 0; };
  if (at(*previous, 0) != at(next, 0)) return Bump::kMajor;
  if (at(*previous, 1) != at(next, 1)) return Bump::kMinor;
  return Bump::kPatch;
}

}  // namespace qareports::version
