// Hand-offs to the CI around the log: a dotenv artifact for GitLab and lines
// appended to $GITHUB_OUTPUT for GitHub. Writes files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sys/file_system.h"
#include "util/result.h"

namespace qareports::report {

using Variables = std::vector<std::pair<std::string, std::string>>;

// KEY=value lines. Values never span lines.
std::string Dotenv(const Variables& vars);

// Writes the dotenv file atomically; Failed when it cannot.
Status WriteDotenv(const std::string& path, const Variables& vars, sys::FileSystem& fs);

// Appends name=value lines (lower-case names) to GitHub's output file.
Status AppendGithubOutput(const std::string& path, const Variables& vars, sys::FileSystem& fs);

}  // namespace qareports::report
