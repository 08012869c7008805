// SQUAD version strings: parse, compare and classify a bump. Versions have two
// to four numeric components, an optional leading "v" and an optional semver
// pre-release suffix ("1.90-rc.1"), ordered as semver orders it. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace qareports::version {

struct Version {
  std::vector<uint64_t> numbers;        // 2 to 4 components
  std::vector<std::string> prerelease;  // dot-separated identifiers, empty when none

  // Canonical text: "1.90", "1.86.3", "1.90-rc.1" (no leading "v").
  std::string ToString() const;
};

// InvalidInput (message only; the caller adds where the text came from) when
// the text is not a version.
Result<Version> Parse(std::string_view text);

// The version as SQUAD's images are tagged and as `/api/version/` answers
// it: the text without its leading "v" ("v1.89" -> "1.89"); otherwise as
// written ("1.090" stays "1.090", a tag of its own).
std::string TagOf(std::string_view text);

// <0, 0, >0 as a is older, equal to, newer than b; missing components are 0.
int Compare(const Version& a, const Version& b);

enum class Bump { kNone, kPatch, kMinor, kMajor, kDowngrade, kInitial };

std::string_view BumpName(Bump bump);

// kInitial when there is no previous version; otherwise by the first
// component that differs (major, minor, anything later or the pre-release
// counts as patch), kDowngrade when next is older.
Bump Classify(const std::optional<Version>& previous, const Version& next);

}  // namespace qareports::version
