// Which revisions a pipeline compares, from the CI's own variables: GitLab's
// CI_COMMIT_BEFORE_SHA / CI_COMMIT_SHA / CI_COMMIT_TAG, GitHub's GITHUB_SHA /
// GITHUB_REF and the push event's "before". Reads the environment and, for
// GitHub's event, one file.
#pragma once

#include <optional>
#include <string>

#include "sys/environment.h"
#include "sys/file_system.h"

namespace qareports::git {

struct CiRevisions {
  std::string ci;                   // "gitlab", "github" or "" (no CI)
  std::optional<std::string> from;  // nullopt: the first parent of `to`
  std::optional<std::string> to;    // nullopt: HEAD, or the tag when there is one
  std::optional<std::string> tag;
};

// An all-zero SHA (a new branch) is reported as no `from`.
CiRevisions FromCi(const sys::Environment& env, const sys::FileSystem& fs);

bool IsZeroSha(const std::string& sha);

}  // namespace qareports::git
