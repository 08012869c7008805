// `logs [-f] WORKLOAD|POD`: the logs of a pod, or of every pod of a
// workload, each line prefixed by its pod's name, read through the API;
// -f follows them all until interrupted. Reads the cluster.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Logs {
 public:
  struct Options {
    std::string target;
    bool follow = false;
    std::string container;  // empty: each pod's first container
    int tail = -1;          // lines from the end, -1 for all
  };
  Logs(const Deps& deps, Options options) : deps_(deps), options_(std::move(options)) {}
  // Failed when there is no such pod or workload; Unavailable when the
  // cluster cannot be read.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
  Options options_;
};

}  // namespace qareports::commands
