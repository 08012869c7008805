// The two commits a job compares: given explicitly (--from/--to), taken from
// the CI's variables, or HEAD^..HEAD. A revision missing from a shallow clone
// is reported with the fix. Reads the repository.
#pragma once

#include <optional>
#include <string>

#include "git/ci_revisions.h"
#include "git/repository.h"
#include "util/result.h"

namespace qareports::git {

struct Range {
  std::optional<std::string> from;  // nullopt: `to` is a root commit
  std::string to;
  std::string from_spec;            // what `from` was named as, for messages
  std::string to_spec;
  std::optional<std::string> tag;   // the release tag, when the job runs on one
};

struct RangeRequest {
  std::optional<std::string> from;  // explicit revisions win over the CI's
  std::optional<std::string> to;
  std::optional<std::string> tag;
  CiRevisions ci;
};

// Unavailable (with how to fetch full history) when a revision is missing
// from a shallow clone; InvalidInput when a revision names nothing.
Result<Range> ResolveRange(const Repository& repo, const RangeRequest& request);

}  // namespace qareports::git
