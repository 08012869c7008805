// The rollout view decides from objects alone: only pods of the template
// being rolled out can fail it, at once for reasons that never clear, after
// a grace for pods the scheduler cannot place (at once where no node can
// ever take them), and a Deployment's progress deadline fails it too.
#include "rollout/view.h"

#include <gtest/gtest.h>

namespace qareports::rollout {
namespace {

nlohmann::json Template(const std::string& image) {
  return {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", {{{"name", "squad"}, {"image", image}}}}}}};
}

nlohmann::json Deployment(const std::string& name, int updated, int available, bool deadline = false) {
  nlohmann::json d = {{"metadata", {{"name", name}, {"generation", 2}}},
                      {"spec", {{"replicas", 2}, {"template", Template("squad:2")}}},
                      {"status",
                       {{"observedGeneration", 2},
                        {"replicas", 2},
                        {"updatedReplicas", updated},
                        {"readyReplicas", available},
                        {"availableReplicas", available}}}};
  if (deadline) {
    d["status"]["conditions"] = {{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"},
                                  {"message", "ReplicaSet \"web-2\" has timed out progressing."}}};
  }
  return d;
}

// A ReplicaSet of `owner` for the template running `image`.
nlohmann::json ReplicaSet(const std::string& name, const std::string& owner, const std::string& image) {
  nlohmann::json t = Template(image);
  t["metadata"]["labels"]["pod-template-hash"] = name;
  return {{"metadata", {{"name", name}, {"ownerReferences", {{{"kind", "Deployment"}, {"name", owner}, {"controller", true}}}}}},
          {"spec", {{"template", t}}}};
}

nlohmann::json Pod(const std::string& name, const std::string& rs, const std::string& waiting = "",
                   bool unschedulable = false) {
  nlohmann::json p = {{"metadata",
                       {{"name", name},
                        {"namespace", "qareports-staging"},
                        {"ownerReferences", {{{"kind", "ReplicaSet"}, {"name", rs}, {"controller", true}}}}}},
                      {"status", nlohmann::json::object()}};
  if (!waiting.empty()) {
    p["status"]["containerStatuses"] = {
        {{"name", "squad"}, {"state", {{"waiting", {{"reason", waiting}, {"message", "it broke"}}}}}}};
  }
  if (unschedulable) {
    p["status"]["conditions"] = {{{"type", "PodScheduled"}, {"status", "False"}, {"reason", "Unschedulable"},
                                  {"message", "0/1 nodes are available"}}};
  }
  return p;
}

// Found by tests/fuzz/api_fuzz.cc: an object without metadata read a key
// that was not there (an assertion, undefined behaviour in a release build).
TEST(RolloutViewTest, AnObjectWithoutANameIsNotKept) {
  View view({"web"}, {});
  for (const char* odd : {R"({"kind":"Pod"})", R"({"metadata":"web"})", R"({"metadata":{"name":7}})", R"([1,2])",
                          R"({"metadata":{"name":"web-1","ownerReferences":"web"}})"}) {
    view.Update("Pod", nlohmann::json::parse(odd), false, 0);
    view.Update("ReplicaSet", nlohmann::json::parse(odd), false, 0);
    view.Update("Deployment", nlohmann::json::parse(odd), true, 0);
  }
  EXPECT_FALSE(view.Done());
  EXPECT_FALSE(view.FirstFailure(0).has_value());
}

// Found by tests/fuzz/api_fuzz.cc (2026-11-29, after 4,534,462 executions of
// a 10-million run): a Deployment without a spec read a key that was not
// there (an assertion; undefined behaviour in a release build). And a count
// past long's range was converted to long (undefined behaviour). A count is
// an integer or absent: the line shows the defaults.
TEST(RolloutViewTest, ADeploymentWithoutASpecOrWithCountsThatAreNotIntegersShowsTheDefaults) {
  View view({"web"}, {});
  view.Update("Deployment", nlohmann::json::parse(R"({"metadata":{"name":"web"}})"), false, 0);
  EXPECT_EQ(view.Lines()[0], "web: 0/1 updated, 0 ready, 0 available");
  view.Update("Deployment", nlohmann::json::parse(R"({"metadata":{"name":"web","generation":1e300},
      "spec":{"replicas":-1e300},"status":{"updatedReplicas":1e300,"readyReplicas":"2","availableReplicas":2.5}})"),
              false, 0);
  EXPECT_EQ(view.Lines()[0], "web: 0/1 updated, 0 ready, 0 available");
  EXPECT_FALSE(view.Done());
  EXPECT_FALSE(view.FirstFailure(0).has_value());
}

TEST(RolloutViewTest, IntegersAReplicaCountCannotBeAreTakenAsAbsent) {
  // Negative, or past int32 as the API server keeps it: their differences
  // would overflow.
  View view({"web"}, {});
  view.Update("Deployment", nlohmann::json::parse(R"({"metadata":{"name":"web"},
      "spec":{"replicas":-9223372036854775807},"status":{"replicas":9223372036854775807,
      "updatedReplicas":-9223372036854775807,"readyReplicas":2147483648,"availableReplicas":18446744073709551615}})"),
              false, 0);
  EXPECT_EQ(view.Lines()[0], "web: 0/1 updated, 0 ready, 0 available");
  EXPECT_FALSE(view.Done());
}

TEST(RolloutViewTest, DoneWhenEveryWorkloadIsAvailable) {
  View view({"web", "worker"}, {});
  view.Update("Deployment", Deployment("web", 2, 2), false, 0);
  EXPECT_FALSE(view.Done()) << "worker is not seen yet";
  view.Update("Deployment", Deployment("worker", 2, 1), false, 0);
  EXPECT_FALSE(view.Done());
  view.Update("Deployment", Deployment("worker", 2, 2), false, 0);
  EXPECT_TRUE(view.Done());
  EXPECT_EQ(view.Lines()[0], "web: 2/2 updated, 2 ready, 2 available — rolled out");
}

TEST(RolloutViewTest, OnlyPodsOfTheNewTemplateCanFailTheRollout) {
  View view({"web"}, {});
  view.Update("Deployment", Deployment("web", 1, 1), false, 0);
  view.Update("ReplicaSet", ReplicaSet("web-old", "web", "squad:1"), false, 0);
  view.Update("ReplicaSet", ReplicaSet("web-new", "web", "squad:2"), false, 0);
  view.Update("Pod", Pod("web-old-a", "web-old", "CrashLoopBackOff"), false, 0);
  EXPECT_FALSE(view.FirstFailure(0)) << "an old pod going away does not fail the new template";
  for (const char* reason : {"CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError"}) {
    view.Update("Pod", Pod("web-new-b", "web-new", reason), false, 0);
    std::optional<Failure> f = view.FirstFailure(0);
    ASSERT_TRUE(f) << reason;
    EXPECT_EQ(f->workload, "web");
    EXPECT_EQ(f->pod, "web-new-b");
    EXPECT_EQ(f->reason, reason);
    EXPECT_EQ(f->container, "squad");
  }
  view.Update("Pod", Pod("web-new-b", "web-new"), true, 0);
  EXPECT_FALSE(view.FirstFailure(0)) << "a deleted pod no longer counts";
  // A rollback returns to the old template: now the old ReplicaSet's pods count, whatever the revisions say.
  view.Update("Pod", Pod("web-new-c", "web-new", "CrashLoopBackOff"), false, 0);
  view.Update("Pod", Pod("web-old-a", "web-old"), true, 0);
  nlohmann::json back = Deployment("web", 1, 1);
  back["spec"]["template"] = Template("squad:1");
  view.Update("Deployment", back, false, 0);
  EXPECT_FALSE(view.FirstFailure(0)) << "the crashing pods of the abandoned template do not fail the rollback";
  view.Update("Pod", Pod("web-old-a", "web-old", "CrashLoopBackOff"), false, 0);
  EXPECT_TRUE(view.FirstFailure(0));
}

TEST(RolloutViewTest, UnschedulablePodsGetAGraceUnlessNoNodeCanEverTakeThem) {
  View patient({"web"}, {30, true});
  patient.Update("Deployment", Deployment("web", 1, 0), false, 0);
  patient.Update("ReplicaSet", ReplicaSet("web-new", "web", "squad:2"), false, 0);
  patient.Update("Pod", Pod("web-new-a", "web-new", "", true), false, 100);
  EXPECT_FALSE(patient.FirstFailure(129));
  std::optional<Failure> late = patient.FirstFailure(130);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->reason, "FailedScheduling");

  View outside({"web"}, {30, false});
  outside.Update("Deployment", Deployment("web", 1, 0), false, 0);
  outside.Update("ReplicaSet", ReplicaSet("web-new", "web", "squad:2"), false, 0);
  outside.Update("Pod", Pod("web-new-a", "web-new", "", true), false, 100);
  std::optional<Failure> now = outside.FirstFailure(100);
  ASSERT_TRUE(now);
  EXPECT_NE(now->message.find("outside every Fargate profile"), std::string::npos) << now->message;
}

TEST(RolloutViewTest, ProgressDeadlineFailsTheWorkload) {
  View view({"web"}, {});
  view.Update("Deployment", Deployment("web", 1, 1, true), false, 0);
  std::optional<Failure> f = view.FirstFailure(0);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->reason, "ProgressDeadlineExceeded");
  EXPECT_TRUE(f->pod.empty());
}

TEST(RolloutViewTest, ThePreviousTemplatesDeadlineDoesNotFailARestore) {
  // Back from a rollout that timed out: the controller still shows its
  // ProgressDeadlineExceeded, naming the ReplicaSet of the template left.
  View view({"web"}, {});
  nlohmann::json d = Deployment("web", 1, 0, true);
  d["spec"]["template"] = Template("squad:1");
  view.Update("Deployment", d, false, 0);
  view.Update("ReplicaSet", ReplicaSet("web-2", "web", "squad:2"), false, 0);
  view.Update("ReplicaSet", ReplicaSet("web-1", "web", "squad:1"), false, 0);
  EXPECT_FALSE(view.FirstFailure(0)) << "stale: it names web-2, the template left";
  d["status"]["conditions"][0]["message"] = "ReplicaSet \"web-1\" has timed out progressing.";
  view.Update("Deployment", d, false, 0);
  EXPECT_TRUE(view.FirstFailure(0)) << "the current template's own deadline fails it";
}

}  // namespace
}  // namespace qareports::rollout
