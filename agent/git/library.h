// libgit2, loaded the first time a command reads the repository rather than
// when the program starts: commands that never read git history (plan,
// apply, status...) do not map libgit2 nor the mbed TLS, PCRE2 and SSH
// libraries it pulls in (about 0.8 MiB of resident memory, and more for a
// command that talks no HTTP either). The functions qareports calls,
// resolved once from libgit2.so.1.5 and initialised. Side effect: loads a
// shared library.
#pragma once

#include <git2.h>

namespace qareports::git {

struct GitLibrary {
  decltype(&::git_error_last) error_last;
  decltype(&::git_oid_fromstr) oid_fromstr;
  decltype(&::git_oid_tostr) oid_tostr;
  decltype(&::git_oid_equal) oid_equal;
  decltype(&::git_repository_open_ext) repository_open_ext;
  decltype(&::git_repository_free) repository_free;
  decltype(&::git_repository_is_shallow) repository_is_shallow;
  decltype(&::git_repository_workdir) repository_workdir;
  decltype(&::git_repository_path) repository_path;
  decltype(&::git_revparse_single) revparse_single;
  decltype(&::git_object_peel) object_peel;
  decltype(&::git_object_id) object_id;
  decltype(&::git_object_free) object_free;
  decltype(&::git_commit_lookup) commit_lookup;
  decltype(&::git_commit_tree) commit_tree;
  decltype(&::git_commit_parentcount) commit_parentcount;
  decltype(&::git_commit_parent_id) commit_parent_id;
  decltype(&::git_commit_free) commit_free;
  decltype(&::git_tree_lookup) tree_lookup;
  decltype(&::git_tree_entrycount) tree_entrycount;
  decltype(&::git_tree_entry_byindex) tree_entry_byindex;
  decltype(&::git_tree_entry_bypath) tree_entry_bypath;
  decltype(&::git_tree_entry_name) tree_entry_name;
  decltype(&::git_tree_entry_id) tree_entry_id;
  decltype(&::git_tree_entry_type) tree_entry_type;
  decltype(&::git_tree_entry_filemode) tree_entry_filemode;
  decltype(&::git_tree_entry_free) tree_entry_free;
  decltype(&::git_tree_free) tree_free;
  decltype(&::git_blob_lookup) blob_lookup;
  decltype(&::git_blob_rawcontent) blob_rawcontent;
  decltype(&::git_blob_rawsize) blob_rawsize;
  decltype(&::git_blob_free) blob_free;
  decltype(&::git_graph_descendant_of) graph_descendant_of;
};

// Loads and initialises it on the first call (thread-safe). When libgit2
// cannot be loaded the process ends, saying so, with the exit code of an
// unavailable dependency: nothing has been changed by then.
const GitLibrary& Git();

}  // namespace qareports::git
