#include "deploy/job_identity.h"

#include <unistd.h>

#include "git/repository.h"

namespace qareports::deploy {

std::string JobIdentity(const sys::Environment& env) {
  if (std::string url = env.Get("CI_JOB_URL").value_or(""); !url.empty()) return url;
  std::string server = env.Get("GITHUB_SERVER_URL").value_or(""), repo = env.Get("GITHUB_REPOSITORY").value_or("");
  std::string run = env.Get("GITHUB_RUN_ID").value_or("");
  if (!server.empty() && !repo.empty() && !run.empty()) return server + "/" + repo + "/actions/runs/" + run;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(*host ? host : "localhost") + " pid " + std::to_string(getpid());
}

std::string DeployedCommit(const sys::Environment& env, const std::string& root) {
  for (const char* var : {"CI_COMMIT_SHA", "GITHUB_SHA"}) {
    if (std::string sha = env.Get(var).value_or(""); !sha.empty()) return sha;
  }
  Result<git::Repository> repo = git::Repository::Discover(root);
  if (!repo.ok()) return "";
  Result<std::string> head = repo->ResolveCommit("HEAD");
  return head.ok() ? *head : "";
}

}  // namespace qareports::deploy
