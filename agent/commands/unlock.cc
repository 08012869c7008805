#include "commands/unlock.h"

#include <spdlog/spdlog.h>

#include "kube/lease.h"
#include "kube/session.h"

namespace qareports::commands {

Result<Outcome> Unlock::Run(report::Report&) {
  Result<std::unique_ptr<kube::Session>> session =
      kube::Session::Open({KubeconfigPath(deps_), KubeContext(deps_)}, deps_.env.namespace_, deps_.sys);
  if (!session.ok()) return session.error();
  kube::DeployLock lock(*(*session)->client, deps_.sys.clock, deps_.env.namespace_, kDeployLockName, "unlock");
  Result<std::string> held = lock.Break();
  if (!held.ok()) return held.error();
  if (held->empty()) spdlog::info("{}: nobody held the deploy lock", deps_.env.name);
  else spdlog::warn("{}: cleared the deploy lock held by {}", deps_.env.name, *held);
  Outcome out;
  out.data = {{"previous_holder", *held}};
  return out;
}

}  // namespace qareports::commands
