// A git repository read through libgit2: resolve revisions, read a file's
// content at a commit without touching the working tree, list the paths that
// differ between two commits. Reads the repository on disk; writes nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

struct git_repository;

namespace qareports::git {

class Repository {
 public:
  // Opens the repository containing `path` (searching upwards, as git does).
  // InvalidInput when there is none.
  static Result<Repository> Discover(const std::string& path);

  // The commit `spec` names (SHA, branch, tag, "HEAD^", ...), as 40 hex
  // digits. InvalidInput when it names nothing or no commit.
  Result<std::string> ResolveCommit(const std::string& spec) const;
  // The commit's first parent; nullopt for a root commit. Unavailable when
  // the parent is not in the repository (a shallow clone).
  Result<std::optional<std::string>> FirstParent(const std::string& commit) const;
  // The file's content at `commit`; nullopt when the path does not exist there.
  Result<std::optional<std::string>> ReadFile(const std::string& commit, const std::string& path) const;
  // Paths added, removed or modified from `from` (nullopt: the empty tree) to
  // `to`, both sides of a rename included, sorted.
  Result<std::vector<std::string>> ChangedPaths(const std::optional<std::string>& from, const std::string& to) const;

  // Whether `descendant` is `ancestor` or has it in its history (both 40
  // hex digits). Unavailable when either commit is not in the repository.
  Result<bool> Contains(const std::string& descendant, const std::string& ancestor) const;

  bool IsShallow() const;
  std::string WorkDir() const;

 private:
  explicit Repository(git_repository* repo);
  std::shared_ptr<git_repository> repo_;
};

}  // namespace qareports::git
