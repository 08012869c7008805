#include "git/ci_revisions.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::git {
namespace {

std::optional<std::string> NonEmpty(const sys::Environment& env, const std::string& name) {
  std::optional<std::string> value = env.Get(name);
  if (!value || util::Trim(*value).empty()) return std::nullopt;
  return util::Trim(*value);
}

std::optional<std::string> Before(std::optional<std::string> sha) {
  if (!sha || IsZeroSha(*sha)) return std::nullopt;
  return sha;
}

// GitHub puts the push's previous head in the event payload, not the environment.
std::optional<std::string> GitHubBefore(const sys::Environment& env, const sys::FileSystem& fs) {
  std::optional<std::string> path = NonEmpty(env, "GITHUB_EVENT_PATH");
  if (!path) return std::nullopt;
  Result<std::string> text = fs.Read(*path);
  if (!text.ok()) return std::nullopt;
  nlohmann::json event = util::ParseJson(*text);
  if (!event.is_object() || !event.contains("before") || !event["before"].is_string()) return std::nullopt;
  return Before(event["before"].get<std::string>());
}

}  // namespace

bool IsZeroSha(const std::string& sha) {
  return !sha.empty() && std::all_of(sha.begin(), sha.end(), [](char c) { return c == '0'; });
}

CiRevisions FromCi(const sys::Environment& env, const sys::FileSystem& fs) {
  CiRevisions r;
  if (NonEmpty(env, "GITLAB_CI") || NonEmpty(env, "CI_COMMIT_SHA")) {
    r.ci = "gitlab";
    r.to = NonEmpty(env, "CI_COMMIT_SHA");
    r.tag = NonEmpty(env, "CI_COMMIT_TAG");
    // A tag pipeline's before-SHA is all zeros: compare with the first parent.
    r.from = Before(NonEmpty(env, "CI_COMMIT_BEFORE_SHA"));
    return r;
  }
  if (NonEmpty(env, "GITHUB_ACTIONS") || NonEmpty(env, "GITHUB_SHA")) {
    r.ci = "github";
    r.to = NonEmpty(env, "GITHUB_SHA");
    std::optional<std::string> ref = NonEmpty(env, "GITHUB_REF");
    if (ref && util::StartsWith(*ref, "refs/tags/")) r.tag = ref->substr(10);
    else r.from = GitHubBefore(env, fs);
    return r;
  }
  return r;
}

}  // namespace qareports::git
