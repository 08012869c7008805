#include "cluster/eksctl.h"

#include <yaml-cpp/yaml.h>

#include "sys/stop.h"
#include "util/strings.h"

namespace qareports::cluster {
namespace {

// Creating a cluster takes 15 to 25 minutes.
constexpr double kCreateSeconds = 45 * 60;
constexpr double kQuerySeconds = 120;


}  // namespace

Result<ClusterName> ReadClusterName(const std::string& text, const std::string& shown_as) {
  try {
    YAML::Node root = YAML::Load(text);
    YAML::Node meta = root.IsMap() ? root["metadata"] : YAML::Node();
    ClusterName c;
    if (meta && meta.IsMap() && meta["name"] && meta["name"].IsScalar()) c.name = meta["name"].Scalar();
    if (meta && meta.IsMap() && meta["region"] && meta["region"].IsScalar()) c.region = meta["region"].Scalar();
    if (c.name.empty() || c.region.empty()) {
      return Error::InvalidInput("an eksctl ClusterConfig needs metadata.name and metadata.region", shown_as,
                                 "metadata");
    }
    return c;
  } catch (const YAML::Exception& e) {
    return Error::InvalidInput("not valid YAML: " + e.msg, shown_as + ":" + std::to_string(e.mark.line + 1));
  }
}

sys::ProcessResult Eksctl::Run(std::vector<std::string> args, double timeout_seconds) {
  sys::ProcessRequest request;
  request.argv = {binary_};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.timeout_seconds = timeout_seconds;
  request.interrupt_on_stop = true;
  return runner_.Run(request);
}

Error Eksctl::Unreachable(const std::string& what, const sys::ProcessResult& r) const {
  if (r.not_found) {
    return Error::Unavailable("eksctl is not installed: \"" + binary_ +
                              "\" cannot be run (it makes the EKS cluster: https://eksctl.io)");
  }
  if (r.stopped) return Error::Failed(what + " was stopped (" + sys::StopReason() + ")");
  std::string text = util::LastLines(r.err.empty() ? r.out : r.err, 10);
  return Error::Unavailable(what + " failed (exit " + std::to_string(r.exit_code) + "): " + text);
}

Status Eksctl::Check() {
  sys::ProcessResult version = Run({"version"}, kQuerySeconds);
  if (version.exit_code == 0 && !version.stopped) return Ok();
  return Unreachable("eksctl version", version);
}

Result<bool> Eksctl::Exists(const ClusterName& cluster) {
  sys::ProcessResult get =
      Run({"get", "cluster", "--name", cluster.name, "--region", cluster.region, "-o", "json"}, kQuerySeconds);
  if (get.exit_code == 0 && !get.stopped) return true;
  if ((get.out + get.err).find("ResourceNotFoundException") == std::string::npos) {
    return Unreachable("eksctl get cluster " + cluster.name, get);
  }
  // Not found by EKS: made by no one, or being made right now.
  sys::ProcessResult stacks =
      Run({"utils", "describe-stacks", "--cluster", cluster.name, "--region", cluster.region}, kQuerySeconds);
  std::string said = stacks.out + stacks.err;
  std::string stack = "eksctl-" + cluster.name + "-cluster";
  if (said.find(stack) == std::string::npos) {
    if (stacks.exit_code != 0 && said.find("no eksctl-managed CloudFormation stacks found") == std::string::npos) {
      return Unreachable("eksctl utils describe-stacks --cluster " + cluster.name, stacks);
    }
    return false;
  }
  if (said.find("CREATE_IN_PROGRESS") != std::string::npos) {
    return Error::LockHeld("the EKS cluster " + cluster.name + " is being created (CloudFormation stack " + stack +
                           " is CREATE_IN_PROGRESS): run up again when it is done");
  }
  return Error::Failed("EKS has no cluster " + cluster.name + " but its CloudFormation stack " + stack +
                       " exists: a creation failed or a deletion stopped halfway; see `eksctl utils describe-stacks "
                       "--cluster " + cluster.name + " --region " + cluster.region + "` and delete the stack");
}

Status Eksctl::Create(const std::string& config_file, const ClusterName& cluster) {
  sys::ProcessResult made = Run({"create", "cluster", "-f", config_file}, kCreateSeconds);
  if (made.exit_code == 0 && !made.stopped) return Ok();
  if (made.not_found) return Unreachable("eksctl create cluster", made);
  std::string what = "eksctl create cluster " + cluster.name;
  if (made.stopped) {
    return Error::Unsafe(what + " was stopped (" + sys::StopReason() +
                         ") while creating it: its CloudFormation stacks may be half-made");
  }
  return Error::Failed(what + " failed (exit " + std::to_string(made.exit_code) +
                       "): " + util::LastLines(made.err.empty() ? made.out : made.err, 15));
}

}  // namespace qareports::cluster
