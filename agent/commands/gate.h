// `gate [VERSION]`: may this environment be deployed now? For production:
// staging (the environment it is gated on, read in its own cluster and
// namespace) proved the release — its last release is good, runs the version
// being promoted, was made from a commit containing the tagged one, has
// soaked — and the gate's checks pass now (staging's health, the SMTP
// relay). Each condition and each check is a JUnit case of the "gate"
// suite; exit 0 open, 1 closed. `apply` and `upgrade` run it first. Reads
// the clusters, git and the checked services (a `job` check writes a Job).
#pragma once

#include "commands/command.h"

namespace qareports::commands {

struct GateVerdict {
  bool open = false;
  std::vector<std::string> reasons;  // why it is closed, one per failed condition or check
  nlohmann::json data = nlohmann::json::object();
};

// A gate check and the environment it belongs to: a name is looked up in
// the gated-on environment first (it proves the release), then in this one.
struct GateCheck {
  const config::Environment* env;
  const config::Check* check;
};
std::vector<GateCheck> GateChecks(const config::Config& config, const config::Environment& env);

// Evaluates `deps.env`'s gate for `version` and the tagged commit `commit`
// (a revision; empty: the CI's commit, else HEAD) and records the "gate"
// suite. InvalidInput when a check's Job manifest or the commit is bad; an
// environment without a gate is open.
Result<GateVerdict> EvaluateGate(const Deps& deps, const std::string& version, const std::string& commit,
                                 report::Report& report);

class Gate {
 public:
  struct Options {
    std::string version;  // the SQUAD version being promoted (default: the pin)
    std::string commit;   // the tagged commit (default: the CI's commit, else HEAD)
  };
  Gate(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}
  // Failed naming every reason when the gate is closed.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
