// `status`: what runs now (workloads with images and ready counts, HPAs,
// pods not ready with their reasons, the recent releases). Reads the cluster.
#pragma once

#include "commands/command.h"

namespace qareports::commands {

class Status {
 public:
  explicit Status(const Deps& deps) : deps_(deps) {}
  // Unavailable when the cluster cannot be read.
  Result<Outcome> Run(report::Report& report);

 private:
  const Deps& deps_;
};

// Why a pod is not ready: its containers' waiting or terminated reasons, or
// its phase and conditions ("CrashLoopBackOff (restarts 4)"). Pure.
std::string PodProblem(const nlohmann::json& pod);

}  // namespace qareports::commands
