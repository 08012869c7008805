// The thread that drives every simulated controller: a few times a second
// it takes the store lock and lets the scheduler/kubelet, the ReplicaSet,
// Deployment, Job, HPA and garbage-collection controllers take one step.
#pragma once
#include <atomic>
#include <thread>

#include "controllers/cluster_controllers.h"
#include "controllers/deployment_controller.h"
#include "controllers/event_recorder.h"
#include "controllers/cronjob_controller.h"
#include "controllers/daemonset_controller.h"
#include "controllers/endpoints_controller.h"
#include "controllers/job_controller.h"
#include "controllers/nodes.h"
#include "controllers/pod_simulator.h"
#include "controllers/replicaset_controller.h"
#include "controllers/statefulset_controller.h"

namespace qareports::emulator {

class ControllerLoop {
 public:
  ControllerLoop(Store& store, const SimClock& clock, const Rules& rules);
  ~ControllerLoop();
  void Start();
  void Stop();
  PodSimulator& pods() { return pods_; }
  // One step of every controller. REQUIRES: the store mutex held.
  void Step();

 private:
  Store& store_;
  EventRecorder events_;
  PodSimulator pods_;
  ReplicaSetController replicasets_;
  DeploymentController deployments_;
  JobController jobs_;
  CronJobController cronjobs_;
  StatefulSetController statefulsets_;
  DaemonSetController daemonsets_;
  ClusterControllers cluster_;
  NodeController nodes_;
  EndpointsController endpoints_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace qareports::emulator
