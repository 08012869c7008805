// Production's gate, the part read from records (DESIGN.md, "Health checks
// and gates"): has the environment it is gated on proven this release?
// Its last release is good, runs the version being promoted, was made from
// a commit that contains the tagged one, and has been up for the soak time.
// Each condition passes or fails with a reason an operator can act on.
// Pure: the releases, the git graph and the time come in.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "release/release.h"
#include "util/result.h"

namespace qareports::gate {

struct Condition {
  std::string name;  // "last release good", "version", "commit", "soak"
  bool passed = false;
  std::string message;
};

struct Proof {
  std::string from;                        // "staging"
  std::vector<release::Release> releases;  // its releases, newest first
  std::string unreadable;                  // why they could not be read; empty when they were
  std::string version;                     // the SQUAD version being promoted
  std::string commit;                      // the tagged commit (40 hex digits)
  std::string commit_problem;              // why it is unknown; empty when it is known
  // Whether `descendant` is `ancestor` or has it in its history; an error
  // when either is not in the repository.
  std::function<Result<bool>(const std::string& descendant, const std::string& ancestor)> contains;
  std::chrono::system_clock::time_point now;
  long soak_seconds = 0;
};

std::vector<Condition> Evaluate(const Proof& proof);

}  // namespace qareports::gate
