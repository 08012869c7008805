#include "git/repository.h"

#include <git2.h>

#include <set>

namespace qareports::git {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Object = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using Commit = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using TreeEntry = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using Blob = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using Diff = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;

void InitOnce() {
  static const int initialised = git_libgit2_init();
  (void)initialised;
}

std::string LastError() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

std::string Hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

Result<Commit> LookupCommit(git_repository* repo, const std::string& sha) {
  git_oid oid;
  git_commit* commit = nullptr;
  if (git_oid_fromstr(&oid, sha.c_str()) != 0 || git_commit_lookup(&commit, repo, &oid) != 0) {
    return Error::InvalidInput("commit " + sha + " not found: " + LastError());
  }
  return Commit(commit);
}

Result<Tree> TreeOf(git_repository* repo, const std::string& sha) {
  Result<Commit> commit = LookupCommit(repo, sha);
  if (!commit.ok()) return commit.error();
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit->get()) != 0) return Error::Failed("cannot read the tree of " + sha + ": " + LastError());
  return Tree(tree);
}

}  // namespace

Repository::Repository(git_repository* repo) : repo_(repo, git_repository_free) {}

Result<Repository> Repository::Discover(const std::string& path) {
  InitOnce();
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    return Error::InvalidInput("no git repository at or above " + path + ": " + LastError());
  }
  return Repository(repo);
}

Result<std::string> Repository::ResolveCommit(const std::string& spec) const {
  git_object* found = nullptr;
  if (git_revparse_single(&found, repo_.get(), spec.c_str()) != 0) {
    return Error::InvalidInput("revision \"" + spec + "\" not found: " + LastError());
  }
  Object object(found);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return Error::InvalidInput("revision \"" + spec + "\" does not name a commit: " + LastError());
  }
  Object commit(peeled);
  return Hex(*git_object_id(commit.get()));
}

Result<std::optional<std::string>> Repository::FirstParent(const std::string& sha) const {
  Result<Commit> commit = LookupCommit(repo_.get(), sha);
  if (!commit.ok()) return commit.error();
  if (git_commit_parentcount(commit->get()) == 0) return std::optional<std::string>();
  const git_oid* parent = git_commit_parent_id(commit->get(), 0);
  git_commit* found = nullptr;
  if (git_commit_lookup(&found, repo_.get(), parent) != 0) {
    return Error::Unavailable("the parent " + Hex(*parent) + " of " + sha + " is not in the repository");
  }
  git_commit_free(found);
  return std::optional<std::string>(Hex(*parent));
}

Result<std::optional<std::string>> Repository::ReadFile(const std::string& sha, const std::string& path) const {
  Result<Tree> tree = TreeOf(repo_.get(), sha);
  if (!tree.ok()) return tree.error();
  git_tree_entry* found = nullptr;
  int rc = git_tree_entry_bypath(&found, tree->get(), path.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc != 0) return Error::Failed("cannot read " + path + " at " + sha + ": " + LastError());
  TreeEntry entry(found);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<std::string>();
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, repo_.get(), git_tree_entry_id(entry.get())) != 0) {
    return Error::Failed("cannot read " + path + " at " + sha + ": " + LastError());
  }
  Blob owned(blob);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::optional<std::string>(std::string(data, static_cast<size_t>(git_blob_rawsize(blob))));
}

Result<std::vector<std::string>> Repository::ChangedPaths(const std::optional<std::string>& from,
                                                          const std::string& to) const {
  Tree old_tree;
  if (from) {
    Result<Tree> t = TreeOf(repo_.get(), *from);
    if (!t.ok()) return t.error();
    old_tree = std::move(t.value());
  }
  Result<Tree> new_tree = TreeOf(repo_.get(), to);
  if (!new_tree.ok()) return new_tree.error();
  git_diff* found = nullptr;
  if (git_diff_tree_to_tree(&found, repo_.get(), old_tree.get(), new_tree->get(), nullptr) != 0) {
    return Error::Failed("cannot compare the trees: " + LastError());
  }
  Diff diff(found);
  std::set<std::string> paths;
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->old_file.path) paths.insert(delta->old_file.path);
    if (delta->new_file.path) paths.insert(delta->new_file.path);
  }
  return std::vector<std::string>(paths.begin(), paths.end());
}

bool Repository::IsShallow() const { return git_repository_is_shallow(repo_.get()) == 1; }

std::string Repository::WorkDir() const {
  const char* dir = git_repository_workdir(repo_.get());
  return dir ? dir : git_repository_path(repo_.get());
}

}  // namespace qareports::git
