#include "git/repository.h"

#include <map>
#include <set>

#include "git/library.h"

namespace qareports::git {
namespace {

template <typename T, void (*GitLibrary::*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { (Git().*Free)(p); }
};
using Object = std::unique_ptr<git_object, Deleter<git_object, &GitLibrary::object_free>>;
using Commit = std::unique_ptr<git_commit, Deleter<git_commit, &GitLibrary::commit_free>>;
using Tree = std::unique_ptr<git_tree, Deleter<git_tree, &GitLibrary::tree_free>>;
using TreeEntry = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, &GitLibrary::tree_entry_free>>;
using Blob = std::unique_ptr<git_blob, Deleter<git_blob, &GitLibrary::blob_free>>;

std::string LastError() {
  const git_error* e = Git().error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

std::string Hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  Git().oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

Result<Commit> LookupCommit(git_repository* repo, const std::string& sha) {
  git_oid oid;
  git_commit* commit = nullptr;
  if (Git().oid_fromstr(&oid, sha.c_str()) != 0 || Git().commit_lookup(&commit, repo, &oid) != 0) {
    return Error::InvalidInput("commit " + sha + " not found: " + LastError());
  }
  return Commit(commit);
}

Result<Tree> TreeOf(git_repository* repo, const std::string& sha) {
  Result<Commit> commit = LookupCommit(repo, sha);
  if (!commit.ok()) return commit.error();
  git_tree* tree = nullptr;
  if (Git().commit_tree(&tree, commit->get()) != 0) {
    return Error::Failed("cannot read the tree of " + sha + ": " + LastError());
  }
  return Tree(tree);
}

Result<Tree> SubTree(git_repository* repo, const git_tree_entry* entry) {
  if (entry == nullptr || Git().tree_entry_type(entry) != GIT_OBJECT_TREE) return Tree();
  git_tree* tree = nullptr;
  if (Git().tree_lookup(&tree, repo, Git().tree_entry_id(entry)) != 0) {
    return Error::Failed("cannot read a tree: " + LastError());
  }
  return Tree(tree);
}

std::map<std::string, const git_tree_entry*> Entries(const git_tree* tree) {
  std::map<std::string, const git_tree_entry*> entries;
  for (size_t i = 0; tree != nullptr && i < Git().tree_entrycount(tree); ++i) {
    const git_tree_entry* e = Git().tree_entry_byindex(tree, i);
    entries.emplace(Git().tree_entry_name(e), e);
  }
  return entries;
}

// Adds the paths that differ between two trees (either may be null: empty),
// descending only into subtrees whose ids differ, so the cost follows the
// size of the change rather than of the tree or the history.
Status DiffTrees(git_repository* repo, const git_tree* a, const git_tree* b, const std::string& prefix,
                 std::set<std::string>& out) {
  std::map<std::string, const git_tree_entry*> left = Entries(a), right = Entries(b);
  std::set<std::string> names;
  for (const auto& [name, e] : left) names.insert(name);
  for (const auto& [name, e] : right) names.insert(name);
  for (const std::string& name : names) {
    auto l = left.find(name), r = right.find(name);
    const git_tree_entry* le = l == left.end() ? nullptr : l->second;
    const git_tree_entry* re = r == right.end() ? nullptr : r->second;
    if (le && re && Git().oid_equal(Git().tree_entry_id(le), Git().tree_entry_id(re)) &&
        Git().tree_entry_filemode(le) == Git().tree_entry_filemode(re)) {
      continue;
    }
    bool l_tree = le && Git().tree_entry_type(le) == GIT_OBJECT_TREE;
    bool r_tree = re && Git().tree_entry_type(re) == GIT_OBJECT_TREE;
    if ((le && !l_tree) || (re && !r_tree)) out.insert(prefix + name);
    if (l_tree || r_tree) {
      Result<Tree> lt = SubTree(repo, le), rt = SubTree(repo, re);
      if (!lt.ok()) return lt.error();
      if (!rt.ok()) return rt.error();
      if (Status s = DiffTrees(repo, lt->get(), rt->get(), prefix + name + "/", out); !s.ok()) return s;
    }
  }
  return Ok();
}

}  // namespace

Repository::Repository(git_repository* repo) : repo_(repo, Git().repository_free) {}

Result<Repository> Repository::Discover(const std::string& path) {
  git_repository* repo = nullptr;
  if (Git().repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    return Error::InvalidInput("no git repository at or above " + path + ": " + LastError());
  }
  return Repository(repo);
}

Result<std::string> Repository::ResolveCommit(const std::string& spec) const {
  git_object* found = nullptr;
  if (Git().revparse_single(&found, repo_.get(), spec.c_str()) != 0) {
    return Error::InvalidInput("revision \"" + spec + "\" not found: " + LastError());
  }
  Object object(found);
  git_object* peeled = nullptr;
  if (Git().object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return Error::InvalidInput("revision \"" + spec + "\" does not name a commit: " + LastError());
  }
  Object commit(peeled);
  return Hex(*Git().object_id(commit.get()));
}

Result<std::optional<std::string>> Repository::FirstParent(const std::string& sha) const {
  Result<Commit> commit = LookupCommit(repo_.get(), sha);
  if (!commit.ok()) return commit.error();
  if (Git().commit_parentcount(commit->get()) == 0) return std::optional<std::string>();
  const git_oid* parent = Git().commit_parent_id(commit->get(), 0);
  git_commit* found = nullptr;
  if (Git().commit_lookup(&found, repo_.get(), parent) != 0) {
    return Error::Unavailable("the parent " + Hex(*parent) + " of " + sha + " is not in the repository");
  }
  Git().commit_free(found);
  return std::optional<std::string>(Hex(*parent));
}

Result<std::optional<std::string>> Repository::ReadFile(const std::string& sha, const std::string& path) const {
  Result<Tree> tree = TreeOf(repo_.get(), sha);
  if (!tree.ok()) return tree.error();
  git_tree_entry* found = nullptr;
  int rc = Git().tree_entry_bypath(&found, tree->get(), path.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc != 0) return Error::Failed("cannot read " + path + " at " + sha + ": " + LastError());
  TreeEntry entry(found);
  if (Git().tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<std::string>();
  git_blob* blob = nullptr;
  if (Git().blob_lookup(&blob, repo_.get(), Git().tree_entry_id(entry.get())) != 0) {
    return Error::Failed("cannot read " + path + " at " + sha + ": " + LastError());
  }
  Blob owned(blob);
  const char* data = static_cast<const char*>(Git().blob_rawcontent(blob));
  return std::optional<std::string>(std::string(data, static_cast<size_t>(Git().blob_rawsize(blob))));
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
  std::set<std::string> paths;
  if (Status s = DiffTrees(repo_.get(), old_tree.get(), new_tree->get(), "", paths); !s.ok()) return s.error();
  return std::vector<std::string>(paths.begin(), paths.end());
}

Result<bool> Repository::Contains(const std::string& descendant, const std::string& ancestor) const {
  if (descendant == ancestor) return true;
  git_oid ids[2];
  const std::string* shas[2] = {&descendant, &ancestor};
  for (int i = 0; i < 2; ++i) {
    git_commit* commit = nullptr;
    if (Git().oid_fromstr(&ids[i], shas[i]->c_str()) != 0 || Git().commit_lookup(&commit, repo_.get(), &ids[i]) != 0) {
      return Error::Unavailable("commit " + shas[i]->substr(0, 12) + " is not in this repository" +
                                (IsShallow() ? " (a shallow clone: fetch the whole history, e.g. GIT_DEPTH: 0)" : ""));
    }
    Git().commit_free(commit);
  }
  int rc = Git().graph_descendant_of(repo_.get(), &ids[0], &ids[1]);
  if (rc < 0) return Error::Failed("cannot walk the history of " + descendant.substr(0, 12) + ": " + LastError());
  if (rc == 0 && IsShallow()) {
    return Error::Unavailable("cannot tell whether " + descendant.substr(0, 12) + " contains " + ancestor.substr(0, 12) +
                              ": this is a shallow clone (fetch the whole history, e.g. GIT_DEPTH: 0)");
  }
  return rc == 1;
}

bool Repository::IsShallow() const { return Git().repository_is_shallow(repo_.get()) == 1; }

std::string Repository::WorkDir() const {
  const char* dir = Git().repository_workdir(repo_.get());
  return dir ? dir : Git().repository_path(repo_.get());
}

}  // namespace qareports::git
