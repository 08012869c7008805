// Repository::ChangedPaths against the git CLI (`git diff --name-only`) on
// randomized histories with branches, merges, deletions and moves.
#include <gtest/gtest.h>

#include <random>

#include "fixtures/git_repo.h"
#include "fixtures/process.h"
#include "git/repository.h"
#include "util/strings.h"

namespace qareports::testing {
namespace {

const char* kEmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

std::string RandomPath(std::mt19937& rng) {
  static const std::vector<std::string> dirs = {"", "k8s/", "k8s/overlays/staging/", "terraform/", "agent/src/",
                                                "pipelines/", "docs/a/b/c/"};
  return dirs[rng() % dirs.size()] + "f" + std::to_string(rng() % 40) + ".txt";
}

// Builds `commits` commits on main and a side branch, merging now and then.
std::vector<std::string> RandomHistory(GitRepo& repo, std::mt19937& rng, int commits) {
  std::vector<std::string> all;
  all.push_back(repo.Commit({{"README.md", "start"}}));
  repo.SetBranch("side", all.back());
  std::string branch = "main";
  for (int i = 1; i < commits; ++i) {
    int action = static_cast<int>(rng() % 10);
    if (action == 0) {
      branch = branch == "main" ? "side" : "main";
      repo.Checkout(branch);
    }
    std::map<std::string, std::optional<std::string>> changes;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      std::string path = RandomPath(rng);
      bool exists = repo.files().count(path) > 0;
      int kind = static_cast<int>(rng() % 4);
      if (exists && kind == 0) {
        changes[path] = std::nullopt;  // delete
      } else if (exists && kind == 1) {
        changes[RandomPath(rng)] = repo.files().at(path);  // move
        changes[path] = std::nullopt;
      } else {
        changes[path] = "content " + std::to_string(rng() % 5);  // add, modify, or leave as it is
      }
    }
    if (action == 1 && all.size() > 3) {
      all.push_back(repo.Merge(all[rng() % (all.size() - 1)], changes));
    } else {
      all.push_back(repo.Commit(changes, "commit " + std::to_string(i)));
    }
  }
  return all;
}

std::vector<std::string> Oracle(const std::string& repo, const std::string& from, const std::string& to) {
  ProcessResult r = RunProcess({"git", "-C", repo, "diff", "--name-only", "--no-renames", from, to});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> paths;
  for (const std::string& line : util::Split(r.out, '\n')) {
    if (!line.empty()) paths.push_back(line);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(ChangedPathsOracleTest, MatchesGitDiffNameOnlyOnRandomHistories) {
  if (!HasProgram("git")) GTEST_SKIP() << "the git CLI is not installed; it is this test's oracle";
  for (unsigned seed : {1u, 20261124u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    GitRepo repo;
    std::vector<std::string> commits = RandomHistory(repo, rng, 220);
    Result<git::Repository> opened = git::Repository::Discover(repo.path());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    for (int i = 0; i < 40; ++i) {
      const std::string& a = commits[rng() % commits.size()];
      const std::string& b = commits[rng() % commits.size()];
      Result<std::vector<std::string>> ours = opened->ChangedPaths(a, b);
      ASSERT_TRUE(ours.ok()) << ours.error().message;
      ASSERT_EQ(*ours, Oracle(repo.path(), a, b)) << a << ".." << b;
    }
    const std::string& last = commits.back();
    Result<std::vector<std::string>> from_nothing = opened->ChangedPaths(std::nullopt, last);
    ASSERT_TRUE(from_nothing.ok());
    EXPECT_EQ(*from_nothing, Oracle(repo.path(), kEmptyTree, last));
  }
}

TEST(ChangedPathsOracleTest, ReadsFilesAtARevisionWithoutTheWorkingTree) {
  GitRepo repo;
  std::string a = repo.Commit({{"k8s/web.yml", "v1"}});
  repo.Commit({{"k8s/web.yml", "v2"}, {"new.txt", "n"}});
  Result<git::Repository> opened = git::Repository::Discover(repo.path() + "/");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->ReadFile(a, "k8s/web.yml").value(), std::optional<std::string>("v1"));
  EXPECT_EQ(opened->ReadFile(a, "new.txt").value(), std::nullopt);
  EXPECT_EQ(opened->ReadFile(a, "k8s").value(), std::nullopt);  // a directory is not a file
  EXPECT_FALSE(git::Repository::Discover("/").ok());
}

// The gate's question, "does staging's commit contain the tagged one?",
// against `git merge-base --is-ancestor`.
TEST(ChangedPathsOracleTest, ContainsMatchesGitMergeBaseIsAncestor) {
  if (!HasProgram("git")) GTEST_SKIP() << "the git CLI is not installed; it is this test's oracle";
  std::mt19937 rng(7);
  GitRepo repo;
  std::vector<std::string> commits = RandomHistory(repo, rng, 40);
  Result<git::Repository> opened = git::Repository::Discover(repo.path());
  ASSERT_TRUE(opened.ok());
  int yes = 0, no = 0;
  for (int i = 0; i < 80; ++i) {
    const std::string& a = commits[rng() % commits.size()];
    const std::string& b = commits[rng() % commits.size()];
    Result<bool> ours = opened->Contains(a, b);
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    int git = RunProcess({"git", "-C", repo.path(), "merge-base", "--is-ancestor", b, a}).exit_code;
    ASSERT_EQ(*ours, git == 0) << a << " contains " << b;
    (*ours ? yes : no)++;
  }
  EXPECT_GT(yes, 0);
  EXPECT_GT(no, 0);
  Result<bool> unknown = opened->Contains(commits.back(), std::string(40, 'a'));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("is not in this repository"), std::string::npos);
}

}  // namespace
}  // namespace qareports::testing
