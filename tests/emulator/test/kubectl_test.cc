// The real kubectl against the emulator, asserting kubectl's own verdicts:
// version, discovery, get with selectors, server-side apply and its
// conflicts, diff, rollouts, set image, undo, scale, logs, delete,
// permissions, and a watch resumed after a 410.
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void ApplyFixtures(const Emulator& emu) {
  auto r = emu.Kubectl({"apply", "--server-side", "-f", Fixture("cluster.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = emu.Kubectl({"apply", "--server-side", "-f", Fixture("web.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(KubectlTest, VersionReportsAServerOf132) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  auto r = emu.Kubectl({"version", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["serverVersion"]["major"], "1");
  EXPECT_EQ(j["serverVersion"]["minor"], "32");
}

TEST(KubectlTest, ApiResourcesListsEveryServedKind) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  auto r = emu.Kubectl({"api-resources", "-o", "name"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* res : {"namespaces", "configmaps", "secrets", "services", "serviceaccounts", "pods",
                          "events", "deployments.apps", "replicasets.apps", "jobs.batch",
                          "horizontalpodautoscalers.autoscaling", "leases.coordination.k8s.io"})
    EXPECT_TRUE(Contains(r.out, std::string(res) + "\n")) << res << " missing from:\n" << r.out;
  r = emu.Kubectl({"get", "widgets"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "the server doesn't have a resource type \"widgets\"")) << r.err;
}

TEST(KubectlTest, GetsEveryKindWithLabelAndFieldSelectors) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  for (const char* kind : {"namespaces", "configmaps", "secrets", "services", "serviceaccounts", "pods",
                           "events", "deployments", "replicasets", "jobs", "hpa", "leases"}) {
    auto r = emu.Kubectl({"get", kind, "-A", "-o", "name"});
    EXPECT_EQ(r.exit_code, 0) << kind << ": " << r.err;
  }
  auto r = emu.Kubectl({"get", "configmaps,secrets,services", "-n", "demo", "-l", "app=web", "-o", "name"});
  EXPECT_EQ(r.out, "configmap/settings\nsecret/squad-health-token\nservice/web\n") << r.err;
  r = emu.Kubectl({"get", "serviceaccounts", "-n", "demo", "--field-selector", "metadata.name=default", "-o", "name"});
  EXPECT_EQ(r.out, "serviceaccount/default\n") << r.err;
  r = emu.Kubectl({"get", "deployments", "-n", "demo", "--field-selector", "spec.replicas=2"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "field label not supported: spec.replicas")) << r.err;
  r = emu.Kubectl({"get", "--raw", "/apis/autoscaling/v1/namespaces/demo/horizontalpodautoscalers/web"});
  EXPECT_TRUE(Contains(r.out, "\"targetCPUUtilizationPercentage\":15")) << r.out << r.err;
  r = emu.Kubectl({"get", "hpa", "web", "-n", "demo", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}"});
  EXPECT_EQ(r.out, "15") << r.err;
}

TEST(KubectlTest, ServerSideApplyConflictsWithAnotherManagerUntilForced) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  std::string other = emu.dir().Write("replicas.yaml",
                                      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                                      "  namespace: demo\nspec:\n  replicas: 3\n");
  auto r = emu.Kubectl({"apply", "--server-side", "--field-manager", "hpa-tuner", "-f", other});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas")) << r.err;
  r = emu.Kubectl({"apply", "--server-side", "--field-manager", "hpa-tuner", "--force-conflicts", "-f", other});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.replicas}"});
  EXPECT_EQ(r.out, "3");
  r = emu.Kubectl({"get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.metadata.managedFields[*].manager}"});
  EXPECT_TRUE(Contains(r.out, "hpa-tuner")) << r.out;
}

TEST(KubectlTest, ApplyRejectsUnknownFieldsThroughTheServer) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  std::string bad = emu.dir().Write("bad.yaml",
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\nbogus: 1\n");
  auto r = emu.Kubectl({"apply", "--server-side", "-f", bad});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, ".bogus: field not declared in schema")) << r.err;
}

TEST(KubectlTest, DiffServerSideExitsZeroOrOneAndStoresNothing) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  // A diff compares a read with a dry run: the rollout's status writes must be over.
  ASSERT_EQ(emu.Settle("demo"), "");
  auto rv = [&] {
    return emu.Kubectl({"get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.metadata.generation}/{.spec.template.spec.containers[0].image}"}).out;
  };
  std::string before = rv();
  auto r = emu.Kubectl({"diff", "--server-side", "-f", Fixture("web.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  std::string changed = ReadFile(Fixture("web.yaml"));
  changed.replace(changed.find("1.90"), 4, "1.92");
  r = emu.Kubectl({"diff", "--server-side", "-f", emu.dir().Write("changed.yaml", changed)});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.out, "+      - image: squadproject/squad:1.92")) << r.out;
  EXPECT_EQ(rv(), before);
}

TEST(KubectlTest, RolloutStatusSucceedsForAHealthyRollout) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"images:\n  - match: \"*\"\n    behaviour: ready\n    after: 3s\n", 5.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  auto r = emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo", "--timeout=60s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "deployment \"web\" successfully rolled out")) << r.out;
}

TEST(KubectlTest, RolloutStatusFailsAtTheProgressDeadlineForACrashLoop) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({ReadFile(Fixture("rules-example.yaml")), 10.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo", "--timeout=60s"}).exit_code, 0);
  auto r = emu.Kubectl({"set", "image", "deploy/web", "-n", "demo", "squad=squadproject/squad:1.91"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto start = std::chrono::steady_clock::now();
  r = emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo", "--timeout=60s"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(Contains(r.err, "deployment \"web\" exceeded its progress deadline")) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // A crash-looping container is waiting in CrashLoopBackOff between its
  // restarts, and running or terminated during one: read until the state
  // shows (each read is a kubectl round trip; bounded).
  for (int read = 0; read < 50; ++read) {
    r = emu.Kubectl({"get", "pods", "-n", "demo", "-o",
                     "jsonpath={.items[*].status.containerStatuses[0].state.waiting.reason}"});
    if (Contains(r.out, "CrashLoopBackOff")) break;
  }
  EXPECT_TRUE(Contains(r.out, "CrashLoopBackOff")) << r.out;
  r = emu.Kubectl({"get", "events", "-n", "demo", "--field-selector", "reason=BackOff", "-o", "name"});
  EXPECT_FALSE(r.out.empty());
}

TEST(KubectlTest, SetImageThenRolloutUndoRestoresThePreviousTemplate) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  ASSERT_EQ(emu.Kubectl({"set", "image", "deploy/web", "-n", "demo", "squad=squadproject/squad:1.95"}).exit_code, 0);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  auto r = emu.Kubectl({"rollout", "undo", "deploy/web", "-n", "demo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  r = emu.Kubectl({"get", "deploy", "web", "-n", "demo", "-o",
                   "jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}"});
  EXPECT_EQ(r.out, "squadproject/squad:1.90 3");
  r = emu.Kubectl({"rollout", "history", "deploy/web", "-n", "demo"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(KubectlTest, ScaleChangesReplicasThroughTheScaleSubresource) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  auto r = emu.Kubectl({"scale", "deploy/web", "-n", "demo", "--replicas=4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  r = emu.Kubectl({"get", "pods", "-n", "demo", "-l", "app=web", "-o", "name"});
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
}

TEST(KubectlTest, LogsAndFollowThatEndsWhenThePodIsDeleted) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"images:\n  - match: \"*\"\n    behaviour: ready\n    after: 1s\n    log: [\"Booting worker\", \"Listening at: http://0.0.0.0:8000\"]\n", 5.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  std::string pod = emu.Kubectl({"get", "pods", "-n", "demo", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}"}).out;
  auto r = emu.Kubectl({"logs", "pod/" + pod, "-n", "demo"});
  EXPECT_EQ(r.out, "Booting worker\nListening at: http://0.0.0.0:8000\n") << r.err;
  r = emu.Kubectl({"logs", "pod/" + pod, "-n", "demo", "--tail=1"});
  EXPECT_EQ(r.out, "Listening at: http://0.0.0.0:8000\n");
  auto follow = emu.KubectlInBackground({"logs", "-f", "pod/" + pod, "-n", "demo"});
  EXPECT_EQ(follow->Wait(1.5), -1) << "follow ended early: " << follow->Output();
  ASSERT_EQ(emu.Kubectl({"delete", "pod", pod, "-n", "demo", "--wait=false"}).exit_code, 0);
  EXPECT_EQ(follow->Wait(10), 0) << follow->Output();
  EXPECT_TRUE(Contains(follow->Output(), "Booting worker"));
}

TEST(KubectlTest, DeleteCascadesToReplicaSetsAndPods) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  auto r = emu.Kubectl({"delete", "deploy", "web", "-n", "demo"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Eventually([&] {
    return emu.Kubectl({"get", "rs,pods", "-n", "demo", "-l", "app=web", "-o", "name"}).out.empty();
  }));
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  r = emu.Kubectl({"delete", "deploy", "web", "-n", "demo", "--cascade=foreground", "--timeout=30s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(emu.Kubectl({"get", "deploy,rs", "-n", "demo", "-o", "name"}).out, "");
  // Orphan: kubectl waits while the `orphan` finalizer holds the
  // Deployment; its ReplicaSet and pods stay, owned by nothing.
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  r = emu.Kubectl({"delete", "deploy", "web", "-n", "demo", "--cascade=orphan", "--timeout=30s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "deployment.apps \"web\" deleted\n");
  EXPECT_EQ(emu.Kubectl({"get", "deploy", "-n", "demo", "-o", "name"}).out, "");
  r = emu.Kubectl({"get", "rs", "-n", "demo", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.ownerReferences}"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "") << "the ReplicaSet still names an owner";
  EXPECT_NE(emu.Kubectl({"get", "rs", "-n", "demo", "-l", "app=web", "-o", "name"}).out, "");
}

TEST(KubectlTest, ServerSideApplyAfterClientSideTakesOverItsFieldsAndDropsWhatItNoLongerApplies) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  auto manifest = [&](const std::string& labels) {
    return emu.dir().Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: {" +
                                          labels + "}\ndata: {a: \"1\"}\n");
  };
  auto r = emu.Kubectl({"apply", "-f", manifest("p: \"1\", q: \"2\"")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"apply", "--server-side", "-f", manifest("p: \"1\", q: \"2\"")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"get", "configmap", "settings", "--show-managed-fields", "-o",
                   "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}"});
  EXPECT_EQ(r.out, "kubectl/Apply kubectl-last-applied/Apply ") << "the client-side manager's fields moved to kubectl";
  r = emu.Kubectl({"get", "configmap", "settings", "--show-managed-fields", "-o",
                   "jsonpath={.metadata.managedFields[0].fieldsV1.f:metadata.f:labels}"});
  EXPECT_EQ(r.out, R"({"f:p":{},"f:q":{}})") << "an Apply owns a map's keys, not the map itself";
  r = emu.Kubectl({"apply", "--server-side", "-f", manifest("p: \"1\"")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"get", "configmap", "settings", "-o", "jsonpath={.metadata.labels}"});
  EXPECT_EQ(r.out, R"({"p":"1"})") << "a key no longer applied is removed";
}

TEST(KubectlTest, PreviousLogsShowACrashAsSoonAsTheContainerHasTerminated) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu(Emulator::Options{"images:\n  - match: \"*crash*\"\n    behaviour: crashloop\n"
                                 "    log: [\"boom: SECRET_KEY is not set\"]\n",
                                 1.0, "", ""});
  QAREPORTS_START(emu);
  auto r = emu.Kubectl({"run", "p", "--image=registry.example.org/crash:1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(Eventually([&] {
    return emu.Kubectl({"get", "pod", "p", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.reason}"})
               .out == "Error";
  })) << "the container never crashed";
  // Waiting in CrashLoopBackOff, not yet restarted: the crashed run is the previous one.
  r = emu.Kubectl({"get", "pod", "p", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}"});
  EXPECT_EQ(r.out, "CrashLoopBackOff");
  r = emu.Kubectl({"logs", "p", "--previous"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "boom: SECRET_KEY is not set\n");
}

TEST(KubectlTest, ReadOnlyContextIsForbiddenToWrite) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu;
  QAREPORTS_START(emu);
  auto r = emu.Kubectl({"--context", "emulator-readonly", "get", "namespaces", "-o", "name"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string cm = emu.dir().Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n");
  r = emu.Kubectl({"--context", "emulator-readonly", "create", "-f", cm});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "is forbidden: User \"emulator-readonly\" cannot create resource \"configmaps\"")) << r.err;
  r = emu.Kubectl({"--context", "emulator-cert", "create", "-f", cm});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(KubectlTest, RolloutWatchResumesAfterA410) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"images:\n  - match: \"*\"\n    behaviour: ready\n    after: 4s\n", 1.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  auto status = emu.KubectlInBackground({"rollout", "status", "deploy/web", "-n", "demo", "--timeout=60s"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto client = emu.Client();
  auto res = client->Post("/emulator/compact", "", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(status->Wait(40), 0) << status->Output();
  EXPECT_TRUE(Contains(status->Output(), "successfully rolled out")) << status->Output();
  auto stats = nlohmann::json::parse(client->Get("/emulator/stats")->body);
  EXPECT_GE(stats["expiredWatches"].get<int>(), 1) << "kubectl should have re-watched from a compacted version";
}

TEST(KubectlTest, GetPrintsTheColumnsOfARealServer) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  ApplyFixtures(emu);
  ASSERT_EQ(emu.Kubectl({"rollout", "status", "deploy/web", "-n", "demo"}).exit_code, 0);
  auto r = emu.Kubectl({"get", "deploy", "-n", "demo"});
  EXPECT_TRUE(Contains(r.out, "NAME   READY   UP-TO-DATE   AVAILABLE   AGE")) << r.out;
  EXPECT_TRUE(Contains(r.out, "web    2/2     2            2")) << r.out;
  r = emu.Kubectl({"get", "pods", "-n", "demo", "-l", "app=web"});
  EXPECT_TRUE(Contains(r.out, "READY   STATUS    RESTARTS   AGE")) << r.out;
  EXPECT_TRUE(Contains(r.out, "1/1     Running   0")) << r.out;
  r = emu.Kubectl({"get", "svc", "web", "-n", "demo"});
  EXPECT_TRUE(Contains(r.out, "ClusterIP")) << r.out;
  EXPECT_TRUE(Contains(r.out, "80/TCP")) << r.out;
}

TEST(KubectlTest, ClientSideApplyCreateAndWaitWork) {
  QAREPORTS_REQUIRE_KUBECTL();
  Emulator emu({"", 20.0, "", ""});
  QAREPORTS_START(emu);
  auto r = emu.Kubectl({"apply", "-f", Fixture("cluster.yaml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"apply", "-f", Fixture("web.yaml")});
  EXPECT_TRUE(Contains(r.out, "deployment.apps/web created")) << r.out << r.err;
  r = emu.Kubectl({"apply", "-f", Fixture("cluster.yaml")});
  EXPECT_TRUE(Contains(r.out, "configmap/settings unchanged")) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "service/web unchanged")) << r.out << r.err;
  r = emu.Kubectl({"wait", "-n", "demo", "--for=condition=complete", "job/migrate", "--timeout=30s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = emu.Kubectl({"create", "-f", Fixture("web.yaml")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "AlreadyExists") || Contains(r.err, "already exists")) << r.err;
}

}  // namespace
}  // namespace qareports::emulator::testing
