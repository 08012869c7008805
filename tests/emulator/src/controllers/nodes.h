// The cluster's nodes, as an EKS cluster of this project has them: one
// node of the managed node group (`emulator-node`, for kube-system and
// every namespace without a Fargate profile) and, when the rules name
// Fargate namespaces, one Fargate node per profile (`fargate-<namespace>`,
// tainted as Fargate nodes are). The controller keeps their Node objects.
#pragma once
#include <string>
#include <vector>

#include "controllers/rules.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

// The node that pods of `ns` are scheduled on.
std::string NodeFor(const Rules& rules, const std::string& ns);
// A node's InternalIP (a pod's hostIP).
std::string NodeIp(const Rules& rules, const std::string& node);

class NodeController {
 public:
  NodeController(Store& store, const SimClock& clock, const Rules& rules)
      : store_(store), clock_(clock), rules_(rules) {}
  // Creates the Node objects that are missing. REQUIRES: the store mutex held.
  void Tick();

 private:
  Store& store_;
  const SimClock& clock_;
  const Rules& rules_;
};

}  // namespace qareports::emulator
