#include "git/library.h"

#include <cstdlib>
#include <string>

#include "sys/shared_library.h"

namespace qareports::git {
namespace {

GitLibrary Load() {
  static const sys::SharedLibrary library("libgit2.so.1.5", "libgit2-1.5");
  // libgit2 starts libssh2 for SSH remotes, and libssh2 starts OpenSSL with
  // every cipher and engine: about 3 MiB that reading a local repository
  // never uses. libssh2 starts its crypto only on its first initialisation,
  // so one made first without crypto (LIBSSH2_INIT_NO_CRYPTO) leaves it out.
  // Found among libgit2's dependencies: it is theirs, not ours, and may be absent.
  using Libssh2Init = int (*)(int);
  constexpr int kNoCrypto = 0x0001;
  if (auto init = reinterpret_cast<Libssh2Init>(library.Find("libssh2_init"))) init(kNoCrypto);
  GitLibrary g{};
  library.Resolve("git_error_last", g.error_last);
  library.Resolve("git_oid_fromstr", g.oid_fromstr);
  library.Resolve("git_oid_tostr", g.oid_tostr);
  library.Resolve("git_oid_equal", g.oid_equal);
  library.Resolve("git_repository_open_ext", g.repository_open_ext);
  library.Resolve("git_repository_free", g.repository_free);
  library.Resolve("git_repository_is_shallow", g.repository_is_shallow);
  library.Resolve("git_repository_workdir", g.repository_workdir);
  library.Resolve("git_repository_path", g.repository_path);
  library.Resolve("git_revparse_single", g.revparse_single);
  library.Resolve("git_object_peel", g.object_peel);
  library.Resolve("git_object_id", g.object_id);
  library.Resolve("git_object_free", g.object_free);
  library.Resolve("git_commit_lookup", g.commit_lookup);
  library.Resolve("git_commit_tree", g.commit_tree);
  library.Resolve("git_commit_parentcount", g.commit_parentcount);
  library.Resolve("git_commit_parent_id", g.commit_parent_id);
  library.Resolve("git_commit_free", g.commit_free);
  library.Resolve("git_tree_lookup", g.tree_lookup);
  library.Resolve("git_tree_entrycount", g.tree_entrycount);
  library.Resolve("git_tree_entry_byindex", g.tree_entry_byindex);
  library.Resolve("git_tree_entry_bypath", g.tree_entry_bypath);
  library.Resolve("git_tree_entry_name", g.tree_entry_name);
  library.Resolve("git_tree_entry_id", g.tree_entry_id);
  library.Resolve("git_tree_entry_type", g.tree_entry_type);
  library.Resolve("git_tree_entry_filemode", g.tree_entry_filemode);
  library.Resolve("git_tree_entry_free", g.tree_entry_free);
  library.Resolve("git_tree_free", g.tree_free);
  library.Resolve("git_blob_lookup", g.blob_lookup);
  library.Resolve("git_blob_rawcontent", g.blob_rawcontent);
  library.Resolve("git_blob_rawsize", g.blob_rawsize);
  library.Resolve("git_blob_free", g.blob_free);
  library.Resolve("git_graph_descendant_of", g.graph_descendant_of);
  decltype(&::git_libgit2_init) init = nullptr;
  library.Resolve("git_libgit2_init", init);
  if (int rc = init(); rc < 0) library.Unavailable("git_libgit2_init failed (" + std::to_string(rc) + ")");
  return g;
}

}  // namespace

const GitLibrary& Git() {
  static const GitLibrary library = Load();
  return library;
}

}  // namespace qareports::git
