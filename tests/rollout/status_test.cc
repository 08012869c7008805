#include "rollout/status.h"

#include <gtest/gtest.h>

namespace qareports::rollout {
namespace {

nlohmann::json Deployment(int generation, int observed, int replicas, int updated, int total, int available) {
  return {{"metadata", {{"generation", generation}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"observedGeneration", observed}, {"updatedReplicas", updated}, {"replicas", total},
            {"availableReplicas", available}}}};
}

TEST(RolloutStatusTest, FollowsKubectlRolloutStatus) {
  EXPECT_FALSE(Evaluate(Deployment(3, 2, 2, 2, 2, 2)).done);  // generation not observed yet
  EXPECT_EQ(Evaluate(Deployment(3, 3, 3, 1, 3, 1)).message, "1 of 3 new replicas have been updated");
  EXPECT_EQ(Evaluate(Deployment(3, 3, 2, 2, 3, 2)).message, "1 old replicas are pending termination");
  EXPECT_EQ(Evaluate(Deployment(3, 3, 2, 2, 2, 1)).message, "1 of 2 updated replicas are available");
  EXPECT_TRUE(Evaluate(Deployment(3, 3, 2, 2, 2, 2)).done);
  nlohmann::json stuck = Deployment(3, 3, 2, 1, 2, 1);
  stuck["status"]["conditions"] = {{{"type", "Progressing"}, {"status", "False"},
                                    {"reason", "ProgressDeadlineExceeded"},
                                    {"message", "ReplicaSet \"web-1\" has timed out progressing."}}};
  DeploymentState s = Evaluate(stuck);
  EXPECT_TRUE(s.failed);
  EXPECT_NE(s.message.find("has timed out progressing"), std::string::npos);
  EXPECT_TRUE(Evaluate(nlohmann::json::object()).message.size() > 0);  // no status yet: waiting, not a crash
}

TEST(RolloutStatusTest, PodsThatCannotSucceedAreFatalAtOnce) {
  for (const char* reason : {"CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError"}) {
    nlohmann::json pod = {{"status",
                           {{"containerStatuses",
                             {{{"name", "squad"},
                               {"restartCount", 3},
                               {"state", {{"waiting", {{"reason", reason}, {"message", "back-off 40s"}}}}}}}}}}};
    PodVerdict v = JudgePod(pod);
    EXPECT_TRUE(v.fatal) << reason;
    EXPECT_EQ(v.reason, reason);
    EXPECT_EQ(v.container, "squad");
  }
  nlohmann::json starting = {{"status", {{"containerStatuses",
                                          {{{"name", "squad"}, {"state", {{"waiting", {{"reason", "ContainerCreating"}}}}}}}}}}};
  EXPECT_FALSE(JudgePod(starting).fatal);
  nlohmann::json pending = {{"status", {{"phase", "Pending"},
                                        {"conditions", {{{"type", "PodScheduled"}, {"status", "False"},
                                                         {"reason", "Unschedulable"},
                                                         {"message", "no Fargate profile selects the namespace"}}}}}}};
  PodVerdict v = JudgePod(pending);
  EXPECT_FALSE(v.fatal);
  EXPECT_TRUE(v.unschedulable);
  EXPECT_EQ(v.message, "no Fargate profile selects the namespace");
}

}  // namespace
}  // namespace qareports::rollout
