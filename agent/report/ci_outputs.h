// Hand-offs to the CI around the log: a dotenv artifact for GitLab and lines
// appended to $GITHUB_OUTPUT for GitHub. Writes files.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sys/file_system.h"
#include "util/result.h"

namespace qareports::report {

using Variables = std::vector<std::pair<std::string, std::string>>;

// GitLab reads at most this many bytes of a dotenv report.
inline constexpr size_t kDotenvLimit = 5120;

// KEY=value lines. Values never span lines.
std::string Dotenv(const Variables& vars);

// Writes the dotenv file atomically; Failed when it cannot, or when it would
// pass GitLab's limit (nothing is written then).
Status WriteDotenv(const std::string& path, const Variables& vars, sys::FileSystem& fs);

// Appends the variables (lower-case names) to GitHub's output file: name=value,
// or for a value of several lines name<<DELIMITER, the lines, DELIMITER, with a
// random delimiter the value does not hold.
Status AppendGithubOutput(const std::string& path, const Variables& vars, sys::FileSystem& fs);

}  // namespace qareports::report
