#include "git/range.h"

namespace qareports::git {
namespace {

constexpr const char* kShallowFix =
    "; the clone is shallow: fetch full history (GitLab: GIT_DEPTH: 0 in the job's variables; "
    "GitHub: actions/checkout with fetch-depth: 0)";

Error Missing(const Repository& repo, const Error& error) {
  if (repo.IsShallow()) return Error::Unavailable(error.message + kShallowFix);
  return error;
}

}  // namespace

Result<Range> ResolveRange(const Repository& repo, const RangeRequest& request) {
  Range range;
  range.tag = request.tag ? request.tag : request.ci.tag;
  if (request.to) range.to_spec = *request.to;
  else if (request.ci.to) range.to_spec = *request.ci.to;
  else if (range.tag) range.to_spec = "refs/tags/" + *range.tag;
  else range.to_spec = "HEAD";
  Result<std::string> to = repo.ResolveCommit(range.to_spec);
  if (!to.ok()) return Missing(repo, to.error());
  range.to = *to;

  std::optional<std::string> from_spec = request.from ? request.from : request.ci.from;
  if (from_spec && !IsZeroSha(*from_spec)) {
    range.from_spec = *from_spec;
    Result<std::string> from = repo.ResolveCommit(*from_spec);
    if (!from.ok()) return Missing(repo, from.error());
    range.from = *from;
    return range;
  }
  range.from_spec = range.to_spec + "^";
  Result<std::optional<std::string>> parent = repo.FirstParent(range.to);
  if (!parent.ok()) return Missing(repo, parent.error());
  // A shallow clone's boundary commit looks like a root commit to libgit2.
  if (!*parent && repo.IsShallow()) {
    return Missing(repo, Error::InvalidInput("the parent of " + range.to_spec + " is not in the repository"));
  }
  range.from = *parent;
  return range;
}

}  // namespace qareports::git
