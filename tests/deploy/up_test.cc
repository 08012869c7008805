// `up`, a second `up`, `plan`/`drift` with Terraform, and `destroy`, end to
// end: the fixture layers of tests/fixtures/terraform (terraform_data, local
// backend) stand in for the AWS layers, the eksctl stand-in
// (tests/fixtures/eksctl-standin) for eksctl and AWS, the emulator for the
// EKS cluster. Skipped where terraform is not installed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "deploy/deploy_fixture.h"
#include "fixtures/build_paths.h"
#include "fixtures/junit_check.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class UpTest : public DeployTest {
 protected:
  void SetUp() override {
    if (!HasProgram("terraform")) GTEST_SKIP() << "terraform is not installed: up's tests need Terraform 1.5+";
    DeployTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    namespace fs = std::filesystem;
    fs::copy(fs::path(QAREPORTS_SOURCE_DIR) / "tests/fixtures/terraform", repo_ / "tf", fs::copy_options::recursive);
    fs::create_directories(repo_ / "bin");
    fs::create_symlink(fs::path(QAREPORTS_SOURCE_DIR) / "tests/fixtures/eksctl-standin", repo_ / "bin/eksctl");
    fs::create_directories(repo_ / "eksctl-state");
    // Staging stands on the fixture layers (local state, no shared S3
    // backend settings); its bucket's name comes from Terraform only.
    Erase("# Terraform (terraform/", "environments:\n");
    size_t staging = config_.find("\n  staging:\n");
    ASSERT_NE(staging, std::string::npos);
    size_t block = config_.find("    terraform:\n", staging);
    size_t end = config_.find("    checks:\n", block);
    ASSERT_TRUE(block != std::string::npos && end != std::string::npos);
    config_.replace(block, end - block,
                    "    terraform:\n"
                    "      layers:\n"
                    "        - name: shared\n"
                    "          dir: tf/shared\n"
                    "          backend: { path: " + (repo_ / "shared.tfstate") + " }\n"
                    "        - name: staging\n"
                    "          dir: tf/environment\n"
                    "          backend: { path: " + (repo_ / "staging.tfstate") + " }\n"
                    "          vars: { environment: staging, instance_class: db.t4g.small }\n"
                    "          secret_vars:\n"
                    "            database_password: { env: QAREPORTS_STAGING_DATABASE_PASSWORD }\n"
                    "      outputs:\n"
                    "        database_host: staging.database_host\n"
                    "        rabbitmq_host: staging.rabbitmq_host\n"
                    "        storage_bucket: staging.storage_bucket\n");
    Replace("      storage_bucket: staging-qareports-storage\n", "");
  }

  // Removes the config's text from `from` up to (not including) `to`.
  void Erase(const std::string& from, const std::string& to) {
    size_t begin = config_.find(from);
    size_t end = config_.find(to, begin);
    ASSERT_TRUE(begin != std::string::npos && end != std::string::npos) << from;
    config_.erase(begin, end - begin);
  }

  std::map<std::string, std::string> UpEnv(bool with_eksctl = true) const {
    std::map<std::string, std::string> env = Env();
    const char* path = std::getenv("PATH");
    env["PATH"] = (with_eksctl ? repo_ / "bin" + ":" : std::string()) + (path ? path : "/usr/bin:/bin");
    env["EKSCTL_STANDIN_LOG"] = repo_ / "eksctl.log";
    env["EKSCTL_STANDIN_STATE"] = repo_ / "eksctl-state";
    return env;
  }

  ProcessResult RunUp(const std::vector<std::string>& args, bool with_eksctl = true) const {
    return RunProcess(Args(args), repo_.path(), UpEnv(with_eksctl));
  }

  // Another terraform, outside qareports, applying the environment layer
  // slowly (its broker takes `seconds`) with the agent's data directory;
  // its output goes to other.out and other.err.
  pid_t StartOtherTerraform(int seconds) const {
    std::map<std::string, std::string> env = {
        {"TF_DATA_DIR", repo_ / "tf/environment/.terraform/qareports-staging"},
        {"TF_VAR_environment", "staging"},
        {"TF_VAR_database_password", kSecrets.at("QAREPORTS_STAGING_DATABASE_PASSWORD")},
        {"TF_VAR_broker_generation", "9"},
        {"TF_VAR_apply_seconds", std::to_string(seconds)}};
    return StartProcess({"terraform", "apply", "-auto-approve", "-input=false", "-no-color"}, repo_ / "tf/environment",
                        env, repo_ / "other.out", repo_ / "other.err");
  }

  // The resources a local state holds, by address.
  std::vector<std::string> StateResources(const std::string& file) const {
    std::vector<std::string> out;
    nlohmann::json state = nlohmann::json::parse(ReadFile(repo_ / file), nullptr, false);
    for (const auto& r : state.is_object() ? state.value("resources", nlohmann::json::array()) : nlohmann::json::array()) {
      out.push_back(r.value("type", "") + "." + r.value("name", ""));
    }
    return out;
  }
};

TEST_F(UpTest, UpMakesTheWorldASecondUpChangesNothingAndDestroyTakesTheEnvironmentDown) {
  ProcessResult up = RunUp({"up", "--junit", repo_ / "up.xml"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_TRUE(Contains(up.out, "staging is up")) << up.out;
  // Terraform: both layers applied, shared first.
  EXPECT_EQ(StateResources("shared.tfstate"), std::vector<std::string>{"terraform_data.vpc"});
  EXPECT_EQ(StateResources("staging.tfstate").size(), 3u);
  EXPECT_LT(up.err.find("terraform shared: terraform_data.vpc: Creation complete"),
            up.err.find("terraform staging: terraform_data.database: Creation complete"))
      << up.err;
  // The cluster: confirmed missing, then created from the ClusterConfig
  // rendered with the shared layer's outputs.
  std::string eksctl = ReadFile(repo_ / "eksctl.log");
  EXPECT_TRUE(Contains(eksctl, "get cluster --name qareports --region us-east-1 -o json\n")) << eksctl;
  EXPECT_TRUE(Contains(eksctl, "utils describe-stacks --cluster qareports --region us-east-1\n")) << eksctl;
  EXPECT_TRUE(Contains(eksctl, "create cluster -f ")) << eksctl;
  std::string cluster = ReadFile(repo_ / "eksctl-state/cluster.yml");
  EXPECT_FALSE(Contains(cluster, "${")) << cluster;
  EXPECT_TRUE(Contains(cluster, "private-a: { id: \"subnet-")) << cluster;
  EXPECT_TRUE(Contains(cluster, "arn:aws:iam::000000000000:policy/qareports-smtp-relay")) << cluster;
  // The cluster services: the relay, belonging to no environment.
  nlohmann::json relay = Get("/apis/apps/v1/namespaces/kube-system/deployments/aws-smtp-relay");
  ASSERT_TRUE(relay.is_object() && relay.contains("metadata")) << relay.dump();
  EXPECT_FALSE(relay["metadata"]["labels"].contains("qareports.linaro.org/environment")) << relay.dump();
  // The first deploy, with the bucket Terraform named.
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
  std::string configmaps = Get("/api/v1/namespaces/qareports-staging/configmaps").dump();
  EXPECT_TRUE(Contains(configmaps, "AWS_STORAGE_BUCKET_NAME = 'staging-qareports-storage'")) << configmaps;
  std::string report = ReadFile(repo_ / "up.xml");
  for (const char* name : {"terraform shared", "terraform staging", "cluster qareports", "cluster services"}) {
    EXPECT_TRUE(Contains(report, std::string("name=\"") + name + "\"")) << name;
  }
  ExpectNoSecrets(up.out + up.err + report + cluster);

  ProcessResult again = RunUp({"up"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(Contains(again.out, "staging is up; nothing changed")) << again.out;
  eksctl = ReadFile(repo_ / "eksctl.log");
  EXPECT_EQ(eksctl.find("create cluster"), eksctl.rfind("create cluster")) << eksctl;
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));

  // plan and drift see Terraform too; GitLab's report counts its changes.
  Replace("      site_name: qa-reports (staging)\n",
          "      site_name: qa-reports (staging)\n      storage_bucket: staging-qareports-storage\n");
  ProcessResult plan = RunUp({"plan", "--detailed-exitcode", "--terraform-report", repo_ / "tfplan.json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_EQ(ReadFile(repo_ / "tfplan.json"), "{\"create\":0,\"delete\":0,\"update\":0}\n");
  Replace("instance_class: db.t4g.small", "instance_class: db.t4g.large");
  ProcessResult drift = RunUp({"drift", "--terraform-report", repo_ / "tfplan.json", "--junit", repo_ / "drift.xml"});
  EXPECT_EQ(drift.exit_code, 2) << drift.out << drift.err;
  EXPECT_EQ(ReadFile(repo_ / "tfplan.json"), "{\"create\":0,\"delete\":0,\"update\":1}\n");
  EXPECT_TRUE(Contains(drift.out, "input.instance_class: \"db.t4g.small\" -> \"db.t4g.large\"")) << drift.out;
  std::string drift_report = ReadFile(repo_ / "drift.xml");
  EXPECT_TRUE(Contains(drift_report, "terraform staging: terraform_data.database")) << drift_report;
  EXPECT_TRUE(Contains(drift_report, "the infrastructure differs from git")) << drift_report;
  ExpectNoSecrets(plan.out + plan.err + drift.out + drift.err + drift_report);

  ProcessResult refused = RunUp({"destroy"});
  EXPECT_EQ(refused.exit_code, 64) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "--yes")) << refused.err;
  EXPECT_EQ(StateResources("staging.tfstate").size(), 3u);
  ProcessResult destroyed = RunUp({"destroy", "--yes", "--junit", repo_ / "destroy.xml"});
  ASSERT_EQ(destroyed.exit_code, 0) << destroyed.out << destroyed.err;
  EXPECT_TRUE(StateResources("staging.tfstate").empty());
  EXPECT_EQ(StateResources("shared.tfstate"), std::vector<std::string>{"terraform_data.vpc"});
  EXPECT_TRUE(Get("/apis/apps/v1/namespaces/qareports-staging/deployments")["items"].empty());
  EXPECT_TRUE(Get("/apis/apps/v1/namespaces/kube-system/deployments/aws-smtp-relay").contains("spec"));
  std::string destroy_report = ReadFile(repo_ / "destroy.xml");
  EXPECT_TRUE(Contains(destroy_report, "terraform staging: terraform_data.database")) << destroy_report;
  EXPECT_TRUE(Contains(destroy_report, "Deployment qareports-staging/web")) << destroy_report;
  EXPECT_EQ(LockHolder(), "");
}

TEST_F(UpTest, UpWithoutEksctlIsUnavailableBeforeAnyChange) {
  ProcessResult up = RunUp({"up"}, /*with_eksctl=*/false);
  EXPECT_EQ(up.exit_code, 69) << up.err;
  EXPECT_TRUE(Contains(up.err, "eksctl is not installed")) << up.err;
  EXPECT_FALSE(std::filesystem::exists(repo_ / "staging.tfstate"));
}

TEST_F(UpTest, AClusterBeingCreatedIsWaitedForNotCreatedTwice) {
  std::ofstream(repo_ / "eksctl-state/creating") << "";
  ProcessResult up = RunUp({"up"});
  EXPECT_EQ(up.exit_code, 75) << up.err;
  EXPECT_TRUE(Contains(up.err, "CREATE_IN_PROGRESS")) << up.err;
  EXPECT_FALSE(Contains(ReadFile(repo_ / "eksctl.log"), "create cluster"));
}

TEST_F(UpTest, AFailureAfterTerraformChangedThingsIsNotSaidToHaveChangedNothing) {
  std::map<std::string, std::string> env = UpEnv();
  env["EKSCTL_STANDIN_NO_AWS"] = "1";
  ProcessResult up = RunProcess(Args({"up"}), repo_.path(), env);
  EXPECT_EQ(up.exit_code, 1) << up.err;  // not 69: Terraform's changes are made
  EXPECT_TRUE(Contains(up.err, "no EC2 IMDS role found")) << up.err;
  EXPECT_TRUE(Contains(up.err, "run up again")) << up.err;
  EXPECT_EQ(StateResources("staging.tfstate").size(), 3u);
  ProcessResult again = RunUp({"up"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(UpTest, DestroyChecksTerraformBeforeDeletingAnything) {
  ASSERT_EQ(RunUp({"up"}).exit_code, 0);
  // Another terraform holds the environment layer's state lock.
  pid_t other = StartOtherTerraform(30);
  for (int i = 0; i < 400 && !std::filesystem::exists(repo_ / ".staging.tfstate.lock.info"); ++i) {
    ::usleep(50000);
  }
  ProcessResult destroyed = RunUp({"destroy", "--yes"});
  ::kill(other, SIGINT);
  WaitProcess(other, 60);
  EXPECT_EQ(destroyed.exit_code, 75) << destroyed.err;
  EXPECT_TRUE(Contains(destroyed.err, "OperationTypeApply")) << destroyed.err;
  EXPECT_FALSE(Get("/apis/apps/v1/namespaces/qareports-staging/deployments")["items"].empty())
      << "objects were deleted before Terraform could run";
  EXPECT_EQ(LockHolder(), "");
}

TEST_F(UpTest, DestroyingProductionNeedsItsOwnFlag) {
  std::vector<std::string> args = Args({"destroy", "--yes"}, "production");
  ProcessResult production = RunProcess(args, repo_.path(), UpEnv());
  EXPECT_EQ(production.exit_code, 64) << production.err;
  EXPECT_TRUE(Contains(production.err, "--yes-destroy-production")) << production.err;
}

// The pids of the terraform processes working in `dir` (by their -chdir).
std::vector<pid_t> TerraformsIn(const std::string& dir) {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadFile(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (Contains(cmdline, "terraform -chdir=" + dir + " ")) pids.push_back(std::stoi(name));
  }
  return pids;
}

// Polls `condition` every 100 ms for up to `seconds`.
bool Within(double seconds, const std::function<bool()>& condition) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (condition()) return true;
    ::usleep(100000);
  }
  return condition();
}

// Killed with SIGKILL mid-apply, the agent cannot stop Terraform itself:
// its death must reach Terraform as the interrupt Terraform handles (stop
// the operation, write the state, free the lock, exit), and Terraform's
// output must not go to pipes that die with the agent.
TEST_F(UpTest, AnUpKilledDuringAnApplyLeavesNoTerraformRunningAndNoLockHeld) {
  ASSERT_EQ(RunUp({"up"}).exit_code, 0);
  Replace("vars: { environment: staging, instance_class: db.t4g.small }",
          "vars: { environment: staging, instance_class: db.t4g.small, broker_generation: 2, apply_seconds: 600 }");
  pid_t up = StartProcess(Args({"up"}), repo_.path(), UpEnv(), "/dev/null", repo_ / "up.err");
  std::string layer = (repo_ / "tf/environment");
  ASSERT_TRUE(Within(120, [&] { return Contains(ReadFile(repo_ / "up.err"), "terraform staging: terraform_data.broker: Creating"); }))
      << ReadFile(repo_ / "up.err");
  ASSERT_EQ(TerraformsIn(layer).size(), 1u);
  ASSERT_TRUE(std::filesystem::exists(repo_ / ".staging.tfstate.lock.info"));
  ::kill(up, SIGKILL);
  EXPECT_EQ(WaitProcess(up, 10), 128 + SIGKILL);
  // Terraform ends by itself, long before its 600 s operation would have.
  EXPECT_TRUE(Within(60, [&] { return TerraformsIn(layer).empty(); })) << "a runaway Terraform";
  EXPECT_FALSE(std::filesystem::exists(repo_ / ".staging.tfstate.lock.info")) << "its lock was left behind";
  nlohmann::json state = nlohmann::json::parse(ReadFile(repo_ / "staging.tfstate"), nullptr, false);
  EXPECT_TRUE(state.is_object() && state.contains("serial")) << "the state is not whole";
  Replace("broker_generation: 2, apply_seconds: 600", "broker_generation: 2");
  ProcessResult next = RunUp({"up"});
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(RunUp({"up"}).exit_code, 0);
  ProcessResult plan = RunUp({"plan", "--only", "terraform", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "the second up left changes: " << plan.out << plan.err;
}

// The command the agent prints to clear a Terraform lock runs as printed:
// it carries the data directory that holds the backend's settings. The
// environment layer's state is on a backend whose lock outlives a holder
// that died, as S3's lock object does (a local state's lock dies with it).
TEST_F(UpTest, TheForceUnlockCommandPrintedForADeadHoldersLockRunsAsPrinted) {
  std::string port_file = repo_ / "backend.port";
  pid_t backend = StartProcess({"/usr/bin/python3", std::string(QAREPORTS_SOURCE_DIR) + "/tests/fixtures/http_state_backend.py",
                                port_file},
                               repo_.path(), {}, "/dev/null", repo_ / "backend.err");
  ASSERT_TRUE(Within(10, [&] { return std::filesystem::exists(port_file); })) << ReadFile(repo_ / "backend.err");
  std::string url = "http://127.0.0.1:" + ReadFile(port_file) + "/state";
  std::string main_tf = repo_ / "tf/environment/main.tf";
  std::string tf = ReadFile(main_tf);
  const std::string local = "backend \"local\" {}";
  ASSERT_NE(tf.find(local), std::string::npos);
  tf.replace(tf.find(local), local.size(), "backend \"http\" {}");
  std::ofstream(main_tf) << tf;
  Replace("backend: { path: " + (repo_ / "staging.tfstate") + " }",
          "backend: { address: \"" + url + "\", lock_address: \"" + url + "\", unlock_address: \"" + url + "\" }");
  ASSERT_EQ(RunUp({"up"}).exit_code, 0);
  // Another Terraform takes the lock and dies holding it.
  pid_t other = StartOtherTerraform(600);
  ASSERT_TRUE(Within(60, [&] { return Contains(ReadFile(repo_ / "other.out"), "Creating..."); }))
      << ReadFile(repo_ / "other.out") << ReadFile(repo_ / "other.err");
  ::kill(other, SIGKILL);
  WaitProcess(other, 30);
  ProcessResult busy = RunUp({"up"});
  ASSERT_EQ(busy.exit_code, 75) << busy.err;
  size_t at = busy.err.find("clear it with `");
  ASSERT_NE(at, std::string::npos) << busy.err;
  std::string printed = busy.err.substr(at + 15, busy.err.find('`', at + 15) - at - 15);
  ProcessResult unlocked = RunProcess({"sh", "-c", printed}, "/");
  EXPECT_EQ(unlocked.exit_code, 0) << printed << "\n" << unlocked.out << unlocked.err;
  EXPECT_TRUE(Contains(unlocked.out, "successfully unlocked")) << unlocked.out;
  ProcessResult next = RunUp({"up"});
  EXPECT_EQ(next.exit_code, 0) << next.err;
  ::kill(backend, SIGTERM);
  WaitProcess(backend, 10);
}

}  // namespace
}  // namespace qareports::testing
