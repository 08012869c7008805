// `dev up` and `dev destroy` end to end, as a newcomer runs them: no
// cluster given and no CI variables set. qareports starts the embedded
// cluster itself (the emulator, in the background, its kubeconfig where
// the next dev command finds it), generates dev's secret values once and
// keeps them in the cluster, deploys PostgreSQL, RabbitMQ and SQUAD from
// k8s/overlays/dev; `dev destroy --yes` takes it all down and stops it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_cluster.h"
#include "fixtures/oci_registry.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class DevUpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QAREPORTS_REQUIRE_EMULATOR();
    if (std::string why = OciRegistry::Unavailable(); !why.empty()) GTEST_SKIP() << why;
    registry_ = std::make_unique<OciRegistry>();
    ASSERT_TRUE(registry_->ok()) << registry_->error();
    ASSERT_TRUE(registry_->Push("squadproject/squad", "1.89"));
    namespace fs = std::filesystem;
    for (const char* dir : {"k8s", "terraform"}) {
      fs::copy(fs::path(QAREPORTS_SOURCE_DIR) / dir, fs::path(repo_.path()) / dir, fs::copy_options::recursive);
    }
    std::ifstream in(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml");
    std::string config(std::istreambuf_iterator<char>(in), {});
    std::string image = "image: docker.io/squadproject/squad";
    config.replace(config.find(image), image.size(), "image: " + registry_->host() + "/squadproject/squad");
    repo_.Write("pipelines/environments.yml", config);
  }
  void TearDown() override {
    // Whatever happened, the embedded cluster of this test is stopped.
    std::ifstream pid_file(home_ / "state/qareports/dev/emulator.pid");
    int pid = 0;
    if (pid_file >> pid && pid > 0) ::kill(pid, SIGKILL);
  }

  // `qareports dev <args> --config …`; for `k`, whose arguments are all
  // kubectl's, `qareports dev --config … k <args>`.
  ProcessResult Dev(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {QAREPORTS_BINARY, "dev"};
    std::vector<std::string> config = {"--config", repo_ / "pipelines/environments.yml"};
    bool k = !args.empty() && args[0] == "k";
    if (k) argv.insert(argv.end(), config.begin(), config.end());
    argv.insert(argv.end(), args.begin(), args.end());
    if (!k) argv.insert(argv.end(), config.begin(), config.end());
    const char* path = std::getenv("PATH");
    return RunProcess(argv, repo_.path(),
                      {{"HOME", home_.path()},
                       {"XDG_STATE_HOME", home_ / "state"},
                       {"QAREPORTS_EMULATOR", QAREPORTS_EMULATOR_BINARY},
                       {"PATH", path ? path : "/usr/bin:/bin"}});
  }

  TempDir repo_, home_;
  std::unique_ptr<OciRegistry> registry_;
};

TEST_F(DevUpTest, DevUpStartsTheEmbeddedClusterAndDeploysWithoutAnyVariable) {
  ProcessResult up = Dev({"up", "--junit", repo_ / "up.xml"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_TRUE(Contains(up.out, "dev is up")) << up.out;
  EXPECT_TRUE(Contains(up.err, "QAREPORTS_DEV_SECRET_KEY is not set: a value was generated")) << up.err;
  std::string kubeconfig = home_ / "state/qareports/dev/kubeconfig";
  ASSERT_TRUE(std::filesystem::exists(kubeconfig));

  // The next dev command finds the cluster by itself.
  ProcessResult status = Dev({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  for (const char* workload : {"postgres", "rabbitmq", "web", "worker"}) {
    EXPECT_TRUE(Contains(status.out, workload)) << workload << " is not running:\n" << status.out;
  }
  // kubectl's typed commands, which send protobuf bodies, work through
  // `dev k` on the embedded cluster.
  if (HasProgram("kubectl")) {
    ProcessResult created = Dev({"k", "create", "configmap", "note", "--from-literal=owner=ops"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    EXPECT_EQ(created.out, "configmap/note created\n");
    ProcessResult read = Dev({"k", "get", "configmap", "note", "-o", "jsonpath={.data.owner}"});
    EXPECT_EQ(read.out, "ops") << read.err;
  } else {
    std::cout << "[  SKIPPED ] dev k create: kubectl is not installed\n";
  }
  // The generated values are kept: a second up deploys nothing new.
  ProcessResult again = Dev({"up"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(Contains(again.out, "dev is up; nothing changed")) << again.out;
  EXPECT_FALSE(Contains(again.err, "was generated")) << again.err;

  ProcessResult destroyed = Dev({"destroy", "--yes"});
  ASSERT_EQ(destroyed.exit_code, 0) << destroyed.out << destroyed.err;
  EXPECT_FALSE(std::filesystem::exists(kubeconfig));
  EXPECT_TRUE(Contains(destroyed.err, "the embedded cluster")) << destroyed.err;
}

TEST_F(DevUpTest, EveryOtherEnvironmentStillNeedsItsVariables) {
  std::vector<std::string> argv = {QAREPORTS_BINARY, "staging", "up", "--config", repo_ / "pipelines/environments.yml"};
  ProcessResult up = RunProcess(argv, repo_.path(), {{"HOME", home_.path()}, {"XDG_STATE_HOME", home_ / "state"}});
  EXPECT_EQ(up.exit_code, 65) << up.err;
  EXPECT_TRUE(Contains(up.err, "QAREPORTS_STAGING_DATABASE_PASSWORD")) << up.err;
  EXPECT_FALSE(std::filesystem::exists(home_ / "state/qareports/dev"));
}

}  // namespace
}  // namespace qareports::testing
