// `detect`: what changed between two revisions that matters to a deploy —
// the SQUAD version bump read from the pin, and which deploy-relevant paths
// changed — plus, on a release tag, that the tag names the pinned version.
// Reads the git repository; writes the dotenv and $GITHUB_OUTPUT files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/command.h"
#include "version/version.h"

namespace qareports::commands {

struct DetectResult {
  std::string from;  // commit ids; `from` empty when `to` is a root commit
  std::string to;
  std::optional<std::string> previous_version;
  std::string version;
  version::Bump bump = version::Bump::kNone;
  std::vector<std::string> reasons;  // version, config, infra
  std::vector<std::string> changed;  // the deploy-relevant paths that changed
  std::optional<std::string> tag;
  std::string tag_problem;  // why the tag does not fit the pin; empty when it does

  bool deploy() const { return !reasons.empty(); }
  nlohmann::json ToJson() const;
};

class Detect {
 public:
  struct Options {
    std::string repo;  // a path inside the repository; empty: the working directory
    std::optional<std::string> from, to, tag;
    std::string dotenv;  // a file to write for GitLab, empty for none
  };

  Detect(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}

  // Failed when the tag does not name the pinned version; InvalidInput for a
  // bad revision, pin or version; Unavailable for history a shallow clone lacks.
  Result<Outcome> Run(report::Report& report);
  // The comparison itself, without reports or outputs; errors as Run's.
  Result<DetectResult> Compute() const;

 private:
  Status WriteOutputs(const DetectResult& result);

  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
