// The old script's daily helpers against the emulator: status, list, logs,
// and the kubectl hand-overs (the real kubectl; for ssh, a stand-in that
// records its arguments, since exec needs a streaming upgrade).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_cluster.h"
#include "util/strings.h"

namespace qareports::testing {
namespace {

const std::map<std::string, std::string> kSecrets = {{"QAREPORTS_STAGING_DATABASE_PASSWORD", "pw"},
                                                     {"QAREPORTS_STAGING_SECRET_KEY", "key"},
                                                     {"QAREPORTS_STAGING_LDAP_BIND_PASSWORD", "ldap"}};

class HelpersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QAREPORTS_REQUIRE_EMULATOR();
    QAREPORTS_REQUIRE_KUBECTL();
    EmulatorCluster::Options options;
    options.rules = "images:\n  - match: \"*:9.9\"\n    behaviour: crashloop\n    log: [\"ImportError\"]\n"
                    "  - match: \"httpd:*\"\n    behaviour: ready\n"
                    "  - match: \"*:1.89\"\n    behaviour: ready\n    log: [\"booting squad\", \"listening\"]\n";
    cluster_ = std::make_unique<EmulatorCluster>(options);
    ASSERT_TRUE(cluster_->ok()) << cluster_->error();
    ProcessResult rendered = Qareports({"staging", "render", "--show-secrets", "-o", "json"});
    ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
    std::string docs;
    for (const auto& o : nlohmann::json::parse(rendered.out)) docs += o.dump() + "\n";
    ASSERT_EQ(cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, docs).exit_code, 0);
    for (const char* d : {"web", "worker", "listener", "scheduler", "fetch-worker"}) {
      ProcessResult r = cluster_->Kubectl({"-n", "qareports-staging", "rollout", "status", std::string("deployment/") + d,
                                           "--timeout=60s"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  ProcessResult Qareports(std::vector<std::string> args, std::map<std::string, std::string> env = kSecrets) {
    args.insert(args.begin(), QAREPORTS_BINARY);
    args.insert(args.end(), {"--kubeconfig", cluster_->kubeconfig(), "--context", "emulator"});
    env.emplace("HOME", cluster_->dir() / "home");
    return RunProcess(args, QAREPORTS_SOURCE_DIR, env);
  }
  std::unique_ptr<EmulatorCluster> cluster_;
};

TEST_F(HelpersTest, StatusShowsWorkloadsImagesAndAutoscalers) {
  ProcessResult status = Qareports({"staging", "status", "-o", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  nlohmann::json data = nlohmann::json::parse(status.out);
  ASSERT_EQ(data["workloads"].size(), 5u);
  for (const auto& w : data["workloads"]) {
    EXPECT_EQ(w["ready"], w["replicas"]) << w.dump();
    EXPECT_NE(w["images"].get<std::string>().find("squadproject/squad:1.89"), std::string::npos);
  }
  EXPECT_EQ(data["autoscalers"].size(), 2u);
  EXPECT_TRUE(data["pods_not_ready"].empty());
  ASSERT_EQ(cluster_->Kubectl({"-n", "qareports-staging", "set", "image", "deployment/listener",
                               "squad=squadproject/squad:9.9"}).exit_code, 0);
  ::usleep(2500000);
  ProcessResult text = Qareports({"staging", "status"});
  EXPECT_NE(text.out.find("not ready: pod listener-"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("squad: CrashLoopBackOff (restarts"), std::string::npos) << text.out;
}

TEST_F(HelpersTest, ListShowsEveryObjectByKindAsKubectlDoes) {
  ProcessResult list = Qareports({"staging", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  ProcessResult deployments = cluster_->Kubectl({"-n", "qareports-staging", "get", "deployments", "-o", "name"});
  for (const char* d : {"web", "worker", "listener", "scheduler", "fetch-worker"}) {
    EXPECT_NE(list.out.find(std::string("Deployment/") + d + "\n"), std::string::npos) << list.out;
    EXPECT_NE(deployments.out.find(std::string("deployment.apps/") + d), std::string::npos);
  }
  EXPECT_NE(list.out.find("Pod/web-"), std::string::npos);
  EXPECT_NE(list.out.find("Secret/qareports-environment"), std::string::npos);
}

TEST_F(HelpersTest, LogsOfAWorkloadArePrefixedByPod) {
  ProcessResult logs = Qareports({"staging", "logs", "worker"});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  ProcessResult pod = cluster_->Kubectl({"-n", "qareports-staging", "get", "pods", "-l", "app.kubernetes.io/name=worker",
                                         "-o", "jsonpath={.items[0].metadata.name}"});
  ASSERT_EQ(pod.exit_code, 0) << pod.err;
  ProcessResult theirs = cluster_->Kubectl({"-n", "qareports-staging", "logs", pod.out});
  ASSERT_FALSE(theirs.out.empty());
  EXPECT_NE(logs.out.find("[" + pod.out + "] booting squad\n"), std::string::npos) << logs.out;
  EXPECT_NE(theirs.out.find("booting squad"), std::string::npos);
  EXPECT_EQ(Qareports({"staging", "logs", "nothing-here"}).exit_code, 1);
}

TEST_F(HelpersTest, LogsFollowEveryPodOfAWorkloadUntilInterrupted) {
  ASSERT_EQ(cluster_->Kubectl({"-n", "qareports-staging", "scale", "deployment/web", "--replicas=2"}).exit_code, 0);
  std::vector<std::string> names;
  for (int i = 0; i < 100 && names.size() != 2; ++i) {  // two running pods
    ::usleep(100000);
    ProcessResult pods =
        cluster_->Kubectl({"-n", "qareports-staging", "get", "pods", "-l", "app.kubernetes.io/name=web",
                           "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"});
    names = util::Split(pods.out, ' ');
  }
  ASSERT_EQ(names.size(), 2u);
  std::vector<std::string> args = {QAREPORTS_BINARY, "staging", "logs", "-f", "web", "-c", "squad",
                                   "--kubeconfig", cluster_->kubeconfig(), "--context", "emulator"};
  std::map<std::string, std::string> env = kSecrets;
  env["HOME"] = cluster_->dir() / "home";
  pid_t pid =
      StartProcess(args, QAREPORTS_SOURCE_DIR, env, cluster_->dir() / "follow.out", cluster_->dir() / "follow.err");
  auto shown = [&] {
    std::string out = cluster_->dir().Read("follow.out");
    for (const std::string& name : names) {
      if (out.find("[" + name + "] booting squad\n") == std::string::npos) return false;
    }
    return true;
  };
  for (int i = 0; i < 250 && !shown(); ++i) ::usleep(20000);
  EXPECT_TRUE(shown()) << cluster_->dir().Read("follow.out") << cluster_->dir().Read("follow.err");
  EXPECT_EQ(WaitProcess(pid, 1.0), -1) << "following, it must not end by itself";
  ::kill(pid, SIGINT);
  EXPECT_EQ(WaitProcess(pid, 5.0), 0) << cluster_->dir().Read("follow.err");
}

TEST_F(HelpersTest, KAndDescribeRunKubectlInTheEnvironment) {
  ProcessResult k = Qareports({"staging", "k", "get", "deployment", "web", "-o", "name"});
  EXPECT_EQ(k.exit_code, 0) << k.err;
  EXPECT_EQ(k.out, "deployment.apps/web\n");  // --namespace came from the environment
  ProcessResult describe = Qareports({"staging", "describe", "service", "web"});
  EXPECT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("qareports-staging"), std::string::npos);
  EXPECT_EQ(Qareports({"staging", "k", "get", "deployment", "missing"}).exit_code, 1);  // kubectl's own code
}

TEST_F(HelpersTest, SshExecsIntoAReadyPodOfTheWorkload) {
  TempDir bin;
  bin.Write("kubectl", "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + bin / "args" + "\nenv > " + bin / "env" + "\n");
  ::chmod((bin / "kubectl").c_str(), 0755);
  std::map<std::string, std::string> env = kSecrets;
  env["PATH"] = bin.path() + ":/usr/bin:/bin";
  ProcessResult ssh = Qareports({"staging", "ssh", "web"}, env);
  ASSERT_EQ(ssh.exit_code, 0) << ssh.err;
  std::string args = bin.Read("args");
  EXPECT_NE(args.find("--context\nemulator\n--namespace\nqareports-staging\nexec\n-it\nweb-"), std::string::npos) << args;
  EXPECT_NE(args.find("\n--\n/bin/sh\n"), std::string::npos) << args;
  // qareports keeps GnuTLS from starting in itself (sys/curl_library.h), not in what it runs.
  EXPECT_EQ(bin.Read("env").find("GNUTLS_NO_IMPLICIT_INIT"), std::string::npos);
  env["PATH"] = "/nonexistent";
  EXPECT_EQ(Qareports({"staging", "ssh", "web"}, env).exit_code, 69);
}

}  // namespace
}  // namespace qareports::testing
