// The EKS cluster, through eksctl over the process interface: does the
// cluster of a ClusterConfig exist, and create it when it does not. EKS
// answers ResourceNotFoundException for a missing cluster, and also for
// about a minute while one is being created, so a "missing" cluster is
// confirmed with eksctl's CloudFormation stacks before anything is created.
#pragma once

#include <string>

#include "sys/file_system.h"
#include "sys/process_runner.h"
#include "util/result.h"

namespace qareports::cluster {

struct ClusterName {
  std::string name;
  std::string region;
};

// metadata.name and metadata.region of an eksctl ClusterConfig; InvalidInput
// naming `shown_as` when they are missing.
Result<ClusterName> ReadClusterName(const std::string& text, const std::string& shown_as);

class Eksctl {
 public:
  explicit Eksctl(sys::ProcessRunner& runner, std::string binary = "eksctl") : runner_(runner), binary_(std::move(binary)) {}

  // Unavailable when eksctl cannot be run (before anything changes).
  Status Check();
  // Unavailable when eksctl is missing or AWS cannot be asked; LockHeld when
  // the cluster is being created by someone else; Failed when a stack of a
  // cluster EKS does not know is left over (a failed creation).
  Result<bool> Exists(const ClusterName& cluster);
  // eksctl create cluster -f FILE (the rendered ClusterConfig). Failed with
  // eksctl's last lines when it fails.
  Status Create(const std::string& config_file, const ClusterName& cluster);

 private:
  sys::ProcessResult Run(std::vector<std::string> args, double timeout_seconds);
  Error Unreachable(const std::string& what, const sys::ProcessResult& r) const;

  sys::ProcessRunner& runner_;
  std::string binary_;
};

}  // namespace qareports::cluster
