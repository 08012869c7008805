// The kinds kubectl expects a cluster to have, driven by the real kubectl:
// StatefulSets and DaemonSets rolled out and waited on, CronJobs making
// Jobs on the simulated clock, Endpoints following a Service's ready pods,
// the nodes of an EKS cluster, `get all`, `apply --prune`, and Tables with
// whole objects for --sort-by.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

using nlohmann::json;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* kFargateRules = R"(fargate:
  namespaces: ["apps", "kube-system"]
)";

const char* kWorkloads = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: apps}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: postgres, image: "postgres:15", ports: [{name: pg, containerPort: 5432}]}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: apps}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: pg}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: log-agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: log-agent}}
  template:
    metadata: {labels: {app: log-agent}}
    spec:
      containers: [{name: agent, image: "fluent-bit:3"}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cleanup, namespace: apps}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: cleanup, image: "busybox:1"}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy, namespace: apps}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers: [{name: legacy, image: "nginx:1"}]
)";

class KubectlKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (KubectlPath().empty()) GTEST_SKIP() << "no kubectl found ($QAREPORTS_KUBECTL, /usr/bin/kubectl, PATH)";
    std::string error;
    ASSERT_TRUE(emu_.Start(&error)) << error;
    ASSERT_EQ(Run({"create", "namespace", "apps"}).exit_code, 0);
    std::string file = emu_.dir().Write("workloads.yaml", kWorkloads);
    auto r = Run({"apply", "--server-side", "-f", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ProcessResult Run(const std::vector<std::string>& args, double timeout = 60) { return emu_.Kubectl(args, timeout); }

  Emulator emu_{Emulator::Options{kFargateRules, 60.0, "", ""}};
};

TEST_F(KubectlKindsTest, StatefulSetRollsOutInOrderAndRollsAnUpdate) {
  auto r = Run({"rollout", "status", "statefulset/db", "-n", "apps", "--timeout=60s"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "partitioned roll out complete: 3 new pods have been updated")) << r.out;
  r = Run({"get", "pods", "-n", "apps", "-l", "app=db", "-o", "jsonpath={.items[*].metadata.name}"});
  EXPECT_EQ(r.out, "db-0 db-1 db-2");
  r = Run({"get", "pod", "db-1", "-n", "apps", "-o", "jsonpath={.spec.hostname}.{.spec.subdomain} {.spec.nodeName}"});
  EXPECT_EQ(r.out, "db-1.db fargate-apps");
  r = Run({"set", "image", "statefulset/db", "postgres=postgres:16", "-n", "apps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run({"rollout", "status", "statefulset/db", "-n", "apps", "--timeout=60s"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Run({"get", "pods", "-n", "apps", "-l", "app=db", "-o", "jsonpath={.items[*].spec.containers[0].image}"});
  EXPECT_EQ(r.out, "postgres:16 postgres:16 postgres:16");
  r = Run({"scale", "statefulset/db", "--replicas=1", "-n", "apps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Eventually([&] {
    return Run({"get", "pods", "-n", "apps", "-l", "app=db", "-o", "name"}).out == "pod/db-0\n";
  })) << "scaled down from the highest ordinal";
}

TEST_F(KubectlKindsTest, DaemonSetRunsOnTheNodeGroupNotOnFargate) {
  auto r = Run({"get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[-1:].type}\n{end}"});
  EXPECT_EQ(r.out, "emulator-node Ready\nfargate-apps Ready\n") << r.err;
  r = Run({"rollout", "status", "daemonset/log-agent", "-n", "kube-system", "--timeout=60s"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "daemon set \"log-agent\" successfully rolled out")) << r.out;
  r = Run({"get", "pods", "-n", "kube-system", "-l", "app=log-agent", "-o", "jsonpath={.items[*].spec.nodeName}"});
  EXPECT_EQ(r.out, "emulator-node") << "Fargate nodes are tainted; a DaemonSet's pod does not tolerate them";
  r = Run({"get", "nodes"});
  EXPECT_TRUE(Contains(r.out, "fargate-apps    Ready    <none>")) << r.out;
}

TEST_F(KubectlKindsTest, CronJobMakesJobsOnTheSimulatedClock) {
  // At 60 times real time a minute passes every second.
  ASSERT_TRUE(Eventually([&] {
    return !Run({"get", "jobs", "-n", "apps", "-o", "name"}).out.empty();
  }, 30)) << "no Job from the CronJob";
  auto r = Run({"get", "jobs", "-n", "apps", "-o", "json"});
  json jobs = json::parse(r.out);
  const json& job = jobs["items"][0];
  EXPECT_EQ(job["metadata"]["ownerReferences"][0]["kind"], "CronJob");
  EXPECT_TRUE(job["metadata"]["annotations"].contains("batch.kubernetes.io/cronjob-scheduled-timestamp"));
  std::string name = job["metadata"]["name"];
  r = Run({"wait", "--for=condition=complete", "job/" + name, "-n", "apps", "--timeout=60s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Eventually([&] {
    auto c = Run({"get", "cronjob", "cleanup", "-n", "apps", "-o", "jsonpath={.status.lastSuccessfulTime}"});
    return !c.out.empty();
  })) << "lastSuccessfulTime never set";
  // A Job made by hand from the CronJob (kubectl sends it as protobuf).
  r = Run({"create", "job", "cleanup-now", "--from=cronjob/cleanup", "-n", "apps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Run({"wait", "--for=condition=complete", "job/cleanup-now", "-n", "apps", "--timeout=60s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // History: succeeded Jobs beyond successfulJobsHistoryLimit (3) are deleted.
  auto owned_jobs = [&] {
    int owned = 0;
    json jobs = json::parse(Run({"get", "jobs", "-n", "apps", "-o", "json"}).out);
    for (const auto& j : jobs["items"]) owned += j["metadata"].contains("ownerReferences");
    return owned;
  };
  EXPECT_TRUE(Eventually([&] { return owned_jobs() >= 3; }, 30));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // three more scheduled minutes
  EXPECT_LE(owned_jobs(), 4) << "3 succeeded and at most one running";
}

TEST_F(KubectlKindsTest, EndpointsFollowTheServicesReadyPods) {
  ASSERT_EQ(Run({"rollout", "status", "statefulset/db", "-n", "apps", "--timeout=60s"}).exit_code, 0);
  auto ips = Run({"get", "pods", "-n", "apps", "-l", "app=db", "-o", "jsonpath={.items[*].status.podIP}"}).out;
  ASSERT_TRUE(Eventually([&] {
    auto r = Run({"get", "endpoints", "db", "-n", "apps", "-o", "jsonpath={.subsets[0].addresses[*].ip}"});
    auto sorted = [](std::string s) {
      std::vector<std::string> v;
      std::istringstream in(s);
      for (std::string w; in >> w;) v.push_back(w);
      std::sort(v.begin(), v.end());
      return v;
    };
    return sorted(r.out) == sorted(ips);
  })) << ips;
  auto r = Run({"get", "endpoints", "db", "-n", "apps", "-o", "jsonpath={.subsets[0].ports[0].port}"});
  EXPECT_EQ(r.out, "5432") << "the named target port resolved";
  r = Run({"delete", "service", "db", "-n", "apps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Eventually([&] { return Run({"get", "endpoints", "db", "-n", "apps"}).exit_code != 0; }));
}

TEST_F(KubectlKindsTest, GetAllListsWhatARealServersAllCategoryHolds) {
  ASSERT_TRUE(Eventually([&] {
    auto r = Run({"get", "all", "-n", "apps", "-o", "name"});
    return Contains(r.out, "job.batch/cleanup-") && Contains(r.out, "pod/legacy-");
  }, 30));
  auto r = Run({"get", "all", "-n", "apps", "-o", "name"});
  for (const char* expected : {"pod/db-0", "service/db", "statefulset.apps/db", "cronjob.batch/cleanup",
                               "replicationcontroller/legacy"})
    EXPECT_TRUE(Contains(r.out, std::string(expected) + "\n")) << expected << " missing from\n" << r.out;
  r = Run({"get", "all", "-n", "kube-system", "-o", "name"});
  EXPECT_TRUE(Contains(r.out, "daemonset.apps/log-agent\n")) << r.out;
  r = Run({"get", "rc", "legacy", "-n", "apps"});
  EXPECT_TRUE(Contains(r.out, "DESIRED")) << r.out;
}

TEST_F(KubectlKindsTest, ApplyPruneWithTheDefaultAllowlist) {
  std::string dir = emu_.dir().path() + "/prune";
  std::filesystem::create_directories(dir);
  emu_.dir().Write("prune/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: apps, labels: {set: p}}\n");
  emu_.dir().Write("prune/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: apps, labels: {set: p}}\n");
  auto r = Run({"apply", "-f", dir, "--prune", "-l", "set=p"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::filesystem::remove(dir + "/b.yaml");
  r = Run({"apply", "-f", dir, "--prune", "-l", "set=p"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "configmap/b pruned")) << r.out;
  r = Run({"diff", "-f", dir, "--prune", "-l", "set=p"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(KubectlKindsTest, SortByReadsTheWholeObjectInEachRow) {
  ASSERT_EQ(Run({"rollout", "status", "statefulset/db", "-n", "apps", "--timeout=60s"}).exit_code, 0);
  auto r = Run({"get", "pods", "-n", "apps", "-l", "app=db", "--sort-by=.metadata.name", "--no-headers",
                "-o", "custom-columns=NAME:.metadata.name"});
  EXPECT_EQ(r.out, "db-0\ndb-1\ndb-2\n") << r.err;
  r = Run({"get", "pods", "-n", "apps", "-l", "app=db", "--sort-by={.spec.containers[0].image}"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "db-0")) << r.out;
}

}  // namespace
}  // namespace qareports::emulator::testing
