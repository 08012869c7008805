#include "commands/unlock.h"

#include <spdlog/spdlog.h>

#include "deploy/deploy_lock.h"

namespace qareports::commands {

Result<Outcome> Unlock::Run(report::Report&) {
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  kube::Lease lock(*(*session)->client, deps_.sys.clock, deps_.env.namespace_, deploy::kDeployLockName, "unlock");
  Result<std::string> held = lock.Break();
  if (!held.ok()) return held.error();
  if (held->empty()) spdlog::info("{}: nobody held the deploy lock", deps_.env.name);
  else spdlog::warn("{}: cleared the deploy lock held by {}", deps_.env.name, *held);
  Outcome out;
  out.data = {{"previous_holder", *held}};
  return out;
}

}  // namespace qareports::commands
