#include "terraform/driver.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sys/stop.h"
#include "terraform/terraform_fixture.h"

namespace qareports::terraform {
namespace {

using testing::kTerraformSecret;

// What the job's log shows while the test runs.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
    spdlog::set_level(spdlog::level::debug);
  }
  ~LogCapture() {
    spdlog::set_default_logger(previous_);
    spdlog::set_level(spdlog::level::info);
  }
  std::string Text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

const ResourceChange* Find(const PlanView& view, const std::string& address) {
  for (const ResourceChange& r : view.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

class DriverTest : public testing::TerraformFixture {
 protected:
  // Init, plan and apply: the layer as the test's variables say.
  void Converge(Driver& driver, const Layer& layer) {
    ASSERT_TRUE(driver.Init(layer).ok());
    Result<LayerPlan> plan = driver.Plan(layer);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    Result<ApplySummary> applied = driver.Apply(layer, *plan);
    ASSERT_TRUE(applied.ok()) << applied.error().ToString();
  }

  sys::RealProcessRunner runner_;
};

TEST_F(DriverTest, PlanSaysWhetherThereAreChangesAsTerraformsExitCodeDoes) {
  Driver driver(runner_, Settings());
  Result<std::string> version = driver.Version();
  ASSERT_TRUE(version.ok()) << version.error().ToString();
  EXPECT_EQ(version->substr(0, 2), "1.");
  Layer layer = Environment();
  ASSERT_TRUE(driver.Init(layer).ok());
  Result<LayerPlan> first = driver.Plan(layer);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_TRUE(first->changes);
  EXPECT_EQ(first->view.Count(Action::kCreate), 3u);
  EXPECT_EQ(first->view.Summary(), "3 to create, 0 to update, 0 to replace, 0 to delete");
  Result<ApplySummary> applied = driver.Apply(layer, *first);
  ASSERT_TRUE(applied.ok()) << applied.error().ToString();
  EXPECT_EQ(applied->added, 3);
  Result<LayerPlan> second = driver.Plan(layer);
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_FALSE(second->changes);
  EXPECT_FALSE(second->view.HasChanges());
  EXPECT_EQ(second->view.Count(Action::kNoop), 3u);
}

TEST_F(DriverTest, ShowReadsCreateUpdateReplaceAndDeleteFieldByField) {
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  Layer changed = Environment({{"instance_class", "db.t4g.large"}, {"broker_generation", "2"}, {"with_bucket", "false"}});
  Result<LayerPlan> plan = driver.Plan(changed);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  const ResourceChange* database = Find(plan->view, "terraform_data.database");
  const ResourceChange* broker = Find(plan->view, "terraform_data.broker");
  const ResourceChange* bucket = Find(plan->view, "terraform_data.bucket[0]");
  ASSERT_TRUE(database && broker && bucket);
  EXPECT_EQ(database->action, Action::kUpdate);
  std::vector<std::string> lines = database->Describe();
  EXPECT_NE(std::find(lines.begin(), lines.end(), "input.instance_class: \"db.t4g.small\" -> \"db.t4g.large\""), lines.end())
      << ::testing::PrintToString(lines);
  ASSERT_EQ(lines.size(), 2u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[1].substr(0, 8), "output: ");
  EXPECT_EQ(lines[1].substr(lines[1].size() - 22), "-> (known after apply)") << lines[1];
  EXPECT_EQ(broker->action, Action::kReplace);
  EXPECT_EQ(broker->reason, "replace_because_cannot_update");
  std::vector<std::string> broker_lines = broker->Describe();
  EXPECT_NE(std::find(broker_lines.begin(), broker_lines.end(), "triggers_replace[0]: 1 -> 2  (forces replacement)"),
            broker_lines.end())
      << ::testing::PrintToString(broker_lines);
  EXPECT_EQ(bucket->action, Action::kDelete);
  EXPECT_EQ(bucket->reason, "delete_because_count_index");
  EXPECT_EQ(GitLabReport({&plan->view}), "{\"create\":1,\"delete\":2,\"update\":1}\n");
}

TEST_F(DriverTest, ASensitiveValueIsNeverPrintedNorReturned) {
  LogCapture log;
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  // The secret changes: Terraform marks the input sensitive, but also holds
  // it unmarked in the resource's output and in the plan's variables.
  terraform::Settings settings = Settings();
  settings.secrets.push_back("rotated-Kp2");
  Driver rotating(runner_, settings);
  Layer layer = Environment({{"database_password", "rotated-Kp2"}});
  ASSERT_TRUE(rotating.Init(layer).ok());
  Result<LayerPlan> plan = rotating.Plan(layer);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  const ResourceChange* database = Find(plan->view, "terraform_data.database");
  ASSERT_NE(database, nullptr);
  std::string shown;
  for (const ResourceChange& r : plan->view.resources) {
    for (const std::string& line : r.Describe()) shown += line + "\n";
  }
  EXPECT_NE(shown.find("input.password: (sensitive value) -> (sensitive value)"), std::string::npos) << shown;
  ASSERT_TRUE(rotating.Apply(layer, *plan).ok());
  Result<nlohmann::json> outputs = rotating.Outputs(layer);
  ASSERT_TRUE(outputs.ok());
  EXPECT_EQ((*outputs)["database_password"], kMasked);
  for (const std::string& text : {shown, log.Text(), outputs->dump()}) {
    EXPECT_EQ(text.find(kTerraformSecret), std::string::npos) << text;
    EXPECT_EQ(text.find("rotated-Kp2"), std::string::npos) << text;
  }
  EXPECT_NE(log.Text().find("terraform staging: terraform_data.database: Modifying"), std::string::npos) << log.Text();
}

TEST_F(DriverTest, OutputsAreReadAfterTheSavedPlanIsApplied) {
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  Result<nlohmann::json> outputs = driver.Outputs(Environment());
  ASSERT_TRUE(outputs.ok()) << outputs.error().ToString();
  EXPECT_EQ((*outputs)["database_host"], "postgres.staging.qareports.internal");
  EXPECT_EQ((*outputs)["rabbitmq_host"], "rabbitmq.staging.qareports.internal");
  EXPECT_EQ((*outputs)["storage_bucket"], "staging-qareports-storage");
}

TEST_F(DriverTest, AStateLockHeldByAnotherTerraformIsLockHeldNamingItsHolder) {
  Driver driver(runner_, Settings());
  Layer layer = Environment({{"apply_seconds", "20"}});
  ASSERT_TRUE(driver.Init(layer).ok());
  // Another terraform, outside qareports, applies slowly and holds the lock.
  std::map<std::string, std::string> env = {{"TF_DATA_DIR", layer.dir + "/.terraform/qareports-staging"},
                                            {"TF_VAR_environment", "staging"},
                                            {"TF_VAR_database_password", kTerraformSecret},
                                            {"TF_VAR_apply_seconds", "20"}};
  pid_t other = testing::StartProcess({"terraform", "apply", "-auto-approve", "-input=false", "-no-color"}, layer.dir,
                                      env, dir_ / "other.out", dir_ / "other.err");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline &&
         !std::filesystem::exists(dir_ / ".staging.tfstate.lock.info")) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Result<LayerPlan> plan = driver.Plan(layer);
  ::kill(other, SIGINT);
  testing::WaitProcess(other, 30);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, ErrorKind::kLockHeld) << plan.error().ToString();
  EXPECT_NE(plan.error().message.find("OperationTypeApply"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("@"), std::string::npos) << plan.error().message;  // Who: user@host
  EXPECT_NE(plan.error().message.find("force-unlock "), std::string::npos) << plan.error().message;
}

TEST_F(DriverTest, AFailedApplyIsFailedWithTerraformsDiagnosticFileAndLine) {
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  Layer layer = Environment({{"healthy", "false"}});
  Result<LayerPlan> plan = driver.Plan(layer);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  Result<ApplySummary> applied = driver.Apply(layer, *plan);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().kind, ErrorKind::kFailed);
  std::string main_tf = layer.dir + "/main.tf:";
  EXPECT_NE(applied.error().message.find(main_tf), std::string::npos) << applied.error().message;
  EXPECT_NE(applied.error().message.find("Resource postcondition failed: The database of staging is not healthy."),
            std::string::npos)
      << applied.error().message;
}

TEST_F(DriverTest, AStopDuringASlowApplyInterruptsTerraformWhichReleasesItsLock) {
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  Layer slow = Environment({{"broker_generation", "2"}, {"apply_seconds", "60"}});
  Result<LayerPlan> plan = driver.Plan(slow);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    sys::RequestStop("SIGTERM");
  });
  auto start = std::chrono::steady_clock::now();
  Result<ApplySummary> applied = driver.Apply(slow, *plan);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stopper.join();
  sys::ClearStop();
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().kind, ErrorKind::kUnsafe) << applied.error().ToString();
  EXPECT_NE(applied.error().message.find("released its state lock"), std::string::npos) << applied.error().message;
  EXPECT_LT(seconds, 3 + sys::kStopGraceSeconds);
  // The lock is free: the next plan takes it.
  EXPECT_FALSE(std::filesystem::exists(dir_ / ".staging.tfstate.lock.info"));
  Result<LayerPlan> next = driver.Plan(Environment());
  EXPECT_TRUE(next.ok()) << next.error().ToString();
}

// Two jobs plan the same layer before either applies (the state lock is
// free between plan and apply): the second apply's saved plan is stale. It
// is "busy", as a held lock is, not a failure: nothing of it was applied.
TEST_F(DriverTest, ASavedPlanThatAnotherJobMadeStaleIsBusyNotFailed) {
  Driver first(runner_, Settings()), second(runner_, Settings());
  Converge(first, Environment());
  Layer changed = Environment({{"broker_generation", "2"}});
  Result<LayerPlan> first_plan = first.Plan(changed);
  Result<LayerPlan> second_plan = second.Plan(changed);
  ASSERT_TRUE(first_plan.ok() && second_plan.ok());
  ASSERT_TRUE(first.Apply(changed, *first_plan).ok());
  Result<ApplySummary> stale = second.Apply(changed, *second_plan);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().kind, ErrorKind::kLockHeld) << stale.error().ToString();
  EXPECT_NE(stale.error().message.find("changed after this job planned it"), std::string::npos)
      << stale.error().message;
  EXPECT_NE(stale.error().message.find("Run the job again"), std::string::npos) << stale.error().message;
  Result<LayerPlan> again = second.Plan(changed);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_FALSE(again->changes) << "the rerun sees what the other job made";
}

TEST_F(DriverTest, ADestroyIsCalledADestroy) {
  Driver driver(runner_, Settings());
  Converge(driver, Environment());
  Result<LayerPlan> plan = driver.Plan(Environment(), /*destroy=*/true);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  sys::RequestStop("SIGTERM (test)");
  Result<ApplySummary> stopped = driver.Apply(Environment(), *plan);
  sys::ClearStop();
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().message.find("terraform destroy of layer staging not begun"), std::string::npos)
      << stopped.error().message;
}

// The command printed for a held lock carries the agent's data directory
// (where `init` left the backend's settings), quoted for a shell.
TEST_F(DriverTest, TheUnlockCommandNamesTheAgentsDataDirectory) {
  Driver driver(runner_, Settings());
  Layer layer = Environment();
  std::string command = driver.UnlockCommand(layer, "0b1e-it's");
  EXPECT_EQ(command.rfind("TF_DATA_DIR=" + Driver::DataDir(layer) + " ", 0), 0u) << command;
  EXPECT_NE(command.find(" -chdir=" + layer.dir + " force-unlock -force '0b1e-it'\\''s'"), std::string::npos)
      << command;
}

TEST_F(DriverTest, MissingOrUnsupportedTerraformIsUnavailableNamingWhatWasFound) {
  terraform::Settings missing = Settings();
  missing.binary = dir_ / "no-such-terraform";
  Driver none(runner_, missing);
  Result<std::string> v = none.Version();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(v.error().message.find("terraform is not installed"), std::string::npos) << v.error().message;
  EXPECT_EQ(none.Init(Environment()).error().kind, ErrorKind::kUnavailable);

  // A stand-in answering as a Terraform 2 would.
  dir_.Write("terraform2", "#!/bin/sh\necho '{\"terraform_version\":\"2.0.0\",\"platform\":\"linux_amd64\"}'\n");
  std::filesystem::permissions(dir_ / "terraform2", std::filesystem::perms::owner_all);
  terraform::Settings future = Settings();
  future.binary = dir_ / "terraform2";
  Driver two(runner_, future);
  v = two.Version();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(v.error().message.find("terraform 2.0.0 found"), std::string::npos) << v.error().message;
}

// A job stopped while Terraform says which it is was stopped: its Terraform
// is not missing, and nothing changed.
TEST_F(DriverTest, AStopWhileAskingTerraformsVersionIsAStopNotAMissingTerraform) {
  dir_.Write("slow-terraform", "#!/bin/sh\nsleep 30\n");
  std::filesystem::permissions(dir_ / "slow-terraform", std::filesystem::perms::owner_all);
  terraform::Settings slow_settings = Settings();
  slow_settings.binary = dir_ / "slow-terraform";
  Driver slow(runner_, slow_settings);
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sys::RequestStop("SIGTERM (test)");
  });
  Result<std::string> v = slow.Version();
  stopper.join();
  sys::ClearStop();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::kFailed) << v.error().ToString();
  EXPECT_NE(v.error().message.find("interrupted (SIGTERM (test)) before anything changed"), std::string::npos)
      << v.error().message;
}

TEST_F(DriverTest, AnErrorInTheConfigurationIsInvalidInputAtItsFileAndLine) {
  Driver driver(runner_, Settings());
  Layer layer = Environment();
  ASSERT_TRUE(driver.Init(layer).ok());
  std::ofstream(layer.dir + "/broken.tf") << "output \"x\" {\n  value = var.no_such_variable\n}\n";
  Result<LayerPlan> plan = driver.Plan(layer);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, ErrorKind::kInvalidInput) << plan.error().ToString();
  EXPECT_EQ(plan.error().place, layer.dir + "/broken.tf:2");
}

}  // namespace
}  // namespace qareports::terraform
