// The deploy engine's failure branches, fast: `apply`, `upgrade` and
// `rollback` of the project's dev environment on a cluster in memory
// (fakes/fake_cluster.h) that fails the call a test names, or stops the job
// there. Each test checks what an operator would: the exit's kind, the
// records left, the lock released, what the cluster runs and what the
// report says.
#include "deploy/engine.h"

#include <gtest/gtest.h>

#include <sstream>

#include "commands/apply.h"
#include "commands/rollback.h"
#include "commands/upgrade.h"
#include "config/loader.h"
#include "fakes/fake_cluster.h"
#include "fakes/fake_sys.h"
#include "fixtures/build_paths.h"
#include "plan/diff.h"
#include "sys/file_system.h"
#include "sys/process_runner.h"
#include "sys/stop.h"

namespace qareports::testing {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() {
    env_.vars = {{"QAREPORTS_DEV_DATABASE_PASSWORD", "pw-canary-7f3a"}, {"QAREPORTS_DEV_SECRET_KEY", "key-canary-91c2"}};
    Result<config::Config> loaded = config::Load(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml", fs_);
    EXPECT_TRUE(loaded.ok()) << loaded.error().ToString();
    config_ = std::move(loaded.value());
  }
  void TearDown() override { sys::ClearStop(); }

  const config::Environment& Dev() const { return config_.environments.at("dev"); }
  FakeCluster& Cluster() { return static_cast<FakeCluster&>(clusters_.For(Dev())); }
  commands::Deps Deps() { return {sys_, config_, Dev(), global_, out_, clusters_}; }

  Result<commands::Outcome> Apply() {
    commands::Deps deps = Deps();
    return commands::Apply(deps, {}).Run(report_);
  }
  Result<commands::Outcome> Upgrade(const std::string& version) {
    commands::Deps deps = Deps();
    return commands::Upgrade(deps, {version, false}).Run(report_);
  }
  Result<commands::Outcome> Rollback(int release = 0) {
    commands::Deps deps = Deps();
    return commands::Rollback(deps, {release}).Run(report_);
  }

  // A fresh report, after a first release of SQUAD 1.89 deployed.
  void Deployed189() {
    ASSERT_TRUE(Apply().ok());
    ASSERT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}}));
    before_ = Cluster().live;
    report_ = report::Report();
    Cluster().ForgetCalls();
  }
  // The live objects as their release wrote them: without the stamp a
  // restore adds to each (plan::kRestoredAnnotation).
  std::map<std::string, nlohmann::json> LiveAsReleased() {
    std::map<std::string, nlohmann::json> live = Cluster().live;
    for (auto& [title, object] : live) object = plan::Normalize(object);
    return live;
  }
  // The nth call of that name fails, Unavailable.
  void Fail(const std::string& call, int nth) {
    Cluster().fail = [call, nth](const std::string& c, int n) -> std::optional<Error> {
      if (c == call && n == nth) return Error::Unavailable(c + " refused (told to)");
      return std::nullopt;
    };
  }
  // The job is asked to stop when the nth call of that name is made.
  void StopAt(const std::string& call, int nth) {
    Cluster().fail = [call, nth](const std::string& c, int n) -> std::optional<Error> {
      if (c == call && n == nth) sys::RequestStop();
      return std::nullopt;
    };
  }
  // A case of the report, by suite and name prefix; null when there is none.
  const report::TestCase* Case(const std::string& suite, const std::string& name) const {
    for (const report::TestSuite& s : report_.suites()) {
      if (s.name != suite) continue;
      for (const report::TestCase& c : s.cases) {
        if (c.name.rfind(name, 0) == 0) return &c;
      }
    }
    return nullptr;
  }
  std::string Squad(const std::string& version) const { return config_.squad_image + ":" + version; }

  FakeEnvironment env_;
  sys::RealFileSystem fs_;
  FakeClock clock_;
  sys::RealProcessRunner runner_;
  FakeHttp http_;
  sys::Sys sys_{env_, fs_, clock_, QAREPORTS_SOURCE_DIR, runner_, http_, false};
  config::Config config_;
  commands::GlobalOptions global_;
  std::ostringstream out_;
  FakeClusters clusters_;
  report::Report report_;
  std::map<std::string, nlohmann::json> before_;
};

TEST_F(EngineTest, ApplyDeploysRecordsTheReleaseAndReleasesTheLock) {
  Result<commands::Outcome> r = Apply();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}}));
  EXPECT_FALSE(Cluster().lock_holder.has_value());
  EXPECT_EQ(Cluster().Images().at("web"), Squad("1.89"));
  EXPECT_FALSE(Cluster().store.records[1].deployed.empty()) << "when it was deployed is noted";
  EXPECT_NE(out_.str().find("release 1 (SQUAD 1.89) deployed"), std::string::npos) << out_.str();
}

TEST_F(EngineTest, AnEmptyVersionIsInvalidInputNotThePin) {
  Result<commands::Outcome> r = Upgrade("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << r.error().message;
  EXPECT_TRUE(Cluster().store.records.empty()) << "nothing was deployed";
  EXPECT_FALSE(Cluster().lock_holder.has_value());
}

TEST_F(EngineTest, AnotherJobHoldingTheLockChangesNothing) {
  Cluster().lock_holder = "https://gitlab.example.org/qa/jobs/7";
  Result<commands::Outcome> r = Apply();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kLockHeld);
  EXPECT_NE(r.error().message.find("jobs/7"), std::string::npos) << r.error().message;
  EXPECT_TRUE(Cluster().store.records.empty());
  EXPECT_TRUE(Cluster().live.empty());
  EXPECT_EQ(Cluster().lock_holder, "https://gitlab.example.org/qa/jobs/7") << "the other job's lock is left alone";
  ASSERT_NE(Case("lock", "deploy lock"), nullptr);
  EXPECT_EQ(Case("lock", "deploy lock")->type, "LockHeld");
}

TEST_F(EngineTest, AnApplyRefusedHalfWayRestoresTheLastGoodRelease) {
  Deployed189();
  Fail("Apply", 1);  // the configuration goes first (call 0), then every object (call 1)
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed) << r.error().message;
  EXPECT_NE(r.error().message.find("applying release 2 (SQUAD 1.90) failed"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("rolled back to release 1 (SQUAD 1.89), verified"), std::string::npos);
  EXPECT_NE(r.error().message.find("squad.0150_demo"), std::string::npos) << "the kept migration is named";
  EXPECT_EQ(LiveAsReleased(), before_);
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  EXPECT_FALSE(Cluster().lock_holder.has_value());
  ASSERT_NE(Case("rollback", "restore release 1"), nullptr);
  EXPECT_EQ(Case("rollback", "restore release 1")->status, report::TestCase::Status::kPassed);
}

TEST_F(EngineTest, ARestoreWhoseOwnApplyFailsIsUnsafe) {
  Deployed189();
  Cluster().fail = [](const std::string& c, int n) -> std::optional<Error> {
    if (c == "Apply" && n >= 1) return Error::Unavailable("the API server went away");
    return std::nullopt;
  };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnsafe) << r.error().message;
  EXPECT_NE(r.error().message.find("the rollback to release 1 (SQUAD 1.89) failed"), std::string::npos);
  EXPECT_NE(r.error().message.find("a human must look"), std::string::npos);
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  EXPECT_FALSE(Cluster().lock_holder.has_value()) << "the lock is released even so";
  ASSERT_NE(Case("rollback", "restore release 1"), nullptr);
  EXPECT_EQ(Case("rollback", "restore release 1")->type, "RollbackFailed");
}

TEST_F(EngineTest, ARecordThatCannotBeMarkedDeployedIsUnsafeNotUnavailable) {
  Deployed189();
  Cluster().store.fails = [](const std::string& c) { return c == "Update 2"; };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnsafe) << "exit 69 promises nothing changed: " << r.error().message;
  EXPECT_NE(r.error().message.find("runs and was verified"), std::string::npos) << r.error().message;
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "pending"}}));
  EXPECT_EQ(Cluster().Images().at("web"), Squad("1.90")) << "a verified release is not rolled back for its record";
  EXPECT_FALSE(Cluster().lock_holder.has_value());
}

TEST_F(EngineTest, SupersedingTheEarlierReleaseFailingIsAWarningNotAFailureAndTheNextJobSettlesIt) {
  Deployed189();
  Cluster().store.fails = [](const std::string& c) { return c == "SetState 1 superseded"; };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "deployed"}}));
  EXPECT_EQ(release::LastGoodOf(Cluster().store.List().value())->number, 2) << "the newest counts as the current one";
  // The next job to take the lock puts it right before anything else.
  Cluster().store.fails = [](const std::string&) { return false; };
  Cluster().ForgetCalls();
  Fail("Migrate", 0);  // the next job fails before it would mark anything deployed itself
  EXPECT_FALSE(Upgrade("1.91").ok());
  EXPECT_EQ(Cluster().store.States(),
            (std::map<int, std::string>{{1, "superseded"}, {2, "deployed"}, {3, "failed"}}));
  ASSERT_NE(Case("lock", "earlier releases"), nullptr);
  EXPECT_NE(Case("lock", "earlier releases")->output.find("release 1 (deployed) marked superseded: release 2 is deployed"),
            std::string::npos) << Case("lock", "earlier releases")->output;
}

TEST_F(EngineTest, ARecordLeftPendingByAJobThatDiedIsSettledByTheNextJob) {
  Deployed189();
  release::Release dead = Cluster().store.records[1];
  dead.number = 2;
  dead.state = release::State::kPending;
  dead.job = "https://gitlab.example/qa/-/jobs/41";
  Cluster().store.records[2] = dead;  // its job was killed (SIGKILL, a lost runner) mid-deploy
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Cluster().store.States(),
            (std::map<int, std::string>{{1, "superseded"}, {2, "failed"}, {3, "deployed"}}));
  ASSERT_NE(Case("lock", "earlier releases"), nullptr);
  EXPECT_NE(Case("lock", "earlier releases")->output.find("release 2 (pending) marked failed: the job that made it "
                                                          "(https://gitlab.example/qa/-/jobs/41) died"),
            std::string::npos) << Case("lock", "earlier releases")->output;
}

TEST_F(EngineTest, APendingRecordOlderThanADeployedOneIsSuperseded) {
  Deployed189();
  release::Release dead = Cluster().store.records[1];
  dead.state = release::State::kPending;
  Cluster().store.records[2] = Cluster().store.records[1];
  Cluster().store.records[2].number = 2;
  dead.number = 1;
  Cluster().store.records[1] = dead;
  ASSERT_TRUE(Upgrade("1.90").ok());
  EXPECT_EQ(Cluster().store.States(),
            (std::map<int, std::string>{{1, "superseded"}, {2, "superseded"}, {3, "deployed"}}));
}

TEST_F(EngineTest, LosingTheLockMidRunIsUnsafe) {
  Deployed189();
  Cluster().lose_lock = true;
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnsafe);
  EXPECT_NE(r.error().message.find("lost to job-2 while deploying"), std::string::npos) << r.error().message;
}

TEST_F(EngineTest, ALockThatCannotBeReleasedFailsADeployThatWorked) {
  Deployed189();
  Fail("Release", 0);
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed);
  EXPECT_NE(r.error().message.find("release 2 (SQUAD 1.90) is deployed, but the deploy lock could not be released"),
            std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("unlock"), std::string::npos) << "it says how to clear it";
}

TEST_F(EngineTest, AFailedRolloutRestoresTheLastGoodRelease) {
  Deployed189();
  Cluster().track = [](int nth) -> std::optional<rollout::TrackResult> {
    if (nth != 0) return std::nullopt;
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kFailed;
    r.failure = rollout::Failure{"web", "web-1-abcde", "web", "CrashLoopBackOff", "back-off 10s",
                                 "recent events:\nWarning BackOff: Back-off restarting failed container\n"};
    return r;
  };
  Result<commands::Outcome> r = Upgrade("1.91");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed);
  EXPECT_NE(r.error().message.find("the rollout of release 2 (SQUAD 1.91) failed: web: CrashLoopBackOff in pod "
                                   "web-1-abcde"), std::string::npos) << r.error().message;
  EXPECT_EQ(LiveAsReleased(), before_);
  for (const auto& [title, object] : Cluster().live) {  // every object written again, so that its version changed
    EXPECT_EQ(object["metadata"]["annotations"].value(plan::kRestoredAnnotation, ""),
              "release 1 (SQUAD 1.89) in place of release 2, at 2026-11-29T23:00:00Z") << title;
  }
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  ASSERT_NE(Case("rollout", "web"), nullptr);
  EXPECT_NE(Case("rollout", "web")->body.find("Back-off restarting failed container"), std::string::npos)
      << "the cluster's evidence is in the report";
}

// Found by the sigterms campaign (2026-11-29, 4 of 200 signals, none with
// a fault): a stop that came while a failed release was being rolled back
// ended the rollback's requests in flight, and the rollback failed at once
// (exit 3, "a human must look") with most of the cleanup's time left. The
// cleanup goes on with the rollback: it is made again, in that time.
TEST_F(EngineTest, AStopThatCutsARollbackShortIsFollowedByTheRollbackAgain) {
  Deployed189();
  Cluster().track = [](int nth) -> std::optional<rollout::TrackResult> {
    if (nth != 0) return std::nullopt;
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kFailed;
    r.failure = rollout::Failure{"web", "web-1-abcde", "web", "CrashLoopBackOff", "back-off 10s", ""};
    return r;
  };
  // Apply #0 and #1 are release 2's (its configuration, then its objects); #2 is the rollback's.
  Cluster().fail = [](const std::string& c, int n) -> std::optional<Error> {
    if (c != "Apply" || n != 2) return std::nullopt;
    sys::RequestStop("SIGTERM");
    return Error::Failed("patch deployments/web: the job was stopped (SIGTERM) before an answer came");
  };
  Result<commands::Outcome> r = Upgrade("1.91");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed) << r.error().message;
  EXPECT_NE(r.error().message.find("rolled back to release 1 (SQUAD 1.89), verified"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(LiveAsReleased(), before_);
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  EXPECT_FALSE(Cluster().lock_holder.has_value());
}

// The same for a first release, which a failure removes.
TEST_F(EngineTest, AStopThatCutsTheRemovalOfAFailedFirstReleaseShortIsFollowedByTheRemovalAgain) {
  Cluster().track = [](int nth) -> std::optional<rollout::TrackResult> {
    if (nth != 0) return std::nullopt;
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kTimedOut;
    return r;
  };
  // Prune #0 is release 1's own; #1 removes it.
  Cluster().fail = [](const std::string& c, int n) -> std::optional<Error> {
    if (c != "Prune" || n != 1) return std::nullopt;
    sys::RequestStop("SIGTERM");
    return Error::Failed("delete deployments/web: the job was stopped (SIGTERM) before an answer came");
  };
  Result<commands::Outcome> r = Apply();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed) << r.error().message;
  EXPECT_NE(r.error().message.find("there was no earlier release"), std::string::npos) << r.error().message;
  ASSERT_EQ(Cluster().live.size(), 1u);
  EXPECT_EQ(Cluster().live.begin()->second.value("kind", ""), "Namespace");
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "failed"}}));
}

TEST_F(EngineTest, AFailedMigrationRestoresAndNoWorkloadChanges) {
  Deployed189();
  Cluster().migrate = [] {
    deploy::MigrationResult m;
    m.outcome = jobs::JobRun::Outcome::kFailed;
    m.reason = "BackoffLimitExceeded";
    m.log = "django.db.utils.OperationalError: no such table";
    return m;
  };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed);
  EXPECT_NE(r.error().message.find("the migration Job"), std::string::npos) << r.error().message;
  EXPECT_EQ(Cluster().Images().at("web"), Squad("1.89"));
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  ASSERT_NE(Case("migrate", "migrate"), nullptr);
  EXPECT_EQ(Case("migrate", "migrate")->type, "MigrationFailed");
}

TEST_F(EngineTest, AFailedFirstReleaseIsRemovedAndTheNamespaceKept) {
  Cluster().track = [](int nth) -> std::optional<rollout::TrackResult> {
    if (nth != 0) return std::nullopt;
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kTimedOut;
    return r;
  };
  Result<commands::Outcome> r = Apply();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed);
  EXPECT_NE(r.error().message.find("there was no earlier release"), std::string::npos) << r.error().message;
  ASSERT_EQ(Cluster().live.size(), 1u);
  EXPECT_EQ(Cluster().live.begin()->second.value("kind", ""), "Namespace");
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "failed"}}));
}

TEST_F(EngineTest, RollbackRestoresThePreviousReleaseAsANewOne) {
  Deployed189();
  ASSERT_TRUE(Upgrade("1.90").ok());
  Cluster().ForgetCalls();
  Result<commands::Outcome> r = Rollback();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(LiveAsReleased(), before_);
  EXPECT_EQ(Cluster().store.States(),
            (std::map<int, std::string>{{1, "superseded"}, {2, "superseded"}, {3, "deployed"}}));
  EXPECT_EQ(std::count(Cluster().calls.begin(), Cluster().calls.end(), "Migrate"), 0) << "no migration backwards";
  ASSERT_NE(Case("rollback", "database migrations kept"), nullptr);
  EXPECT_NE(Case("rollback", "database migrations kept")->output.find("squad.0150_demo"), std::string::npos);
  EXPECT_FALSE(Rollback(7).ok()) << "a release that is not recorded";
}

TEST_F(EngineTest, MigrationsThatCannotBeRecordedAreAWarningNotAFailure) {
  Deployed189();
  Cluster().store.fails = [n = 0](const std::string& c) mutable { return c == "Update 2" && n++ == 0; };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "superseded"}, {2, "deployed"}}));
  EXPECT_TRUE(Cluster().store.records[2].migrations.empty());
}

TEST_F(EngineTest, AReleaseThatCannotBeMarkedFailedStaysPendingAndTheRestoreGoesOn) {
  Deployed189();
  Cluster().store.fails = [](const std::string& c) { return c == "SetState 2 failed"; };
  Cluster().track = [](int nth) -> std::optional<rollout::TrackResult> {
    if (nth != 0) return std::nullopt;
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kTimedOut;
    r.lines = {"web: 0/1 updated"};
    return r;
  };
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed);
  EXPECT_NE(r.error().message.find("did not finish in 300 s"), std::string::npos) << r.error().message;
  EXPECT_EQ(LiveAsReleased(), before_);
  EXPECT_EQ(Cluster().store.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "pending"}}));
  ASSERT_NE(Case("rollout", "web"), nullptr);
  EXPECT_EQ(Case("rollout", "web")->type, "Timeout");
}

TEST_F(EngineTest, AFirstReleaseThatCannotBeRemovedIsUnsafe) {
  Cluster().track = [](int) -> std::optional<rollout::TrackResult> {
    rollout::TrackResult r;
    r.outcome = rollout::TrackResult::Outcome::kTimedOut;
    return r;
  };
  Fail("Prune", 1);  // the apply's own prune is call 0
  Result<commands::Outcome> r = Apply();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnsafe) << r.error().message;
  EXPECT_NE(r.error().message.find("removing this one failed"), std::string::npos) << r.error().message;
  EXPECT_FALSE(Cluster().lock_holder.has_value());
}

TEST_F(EngineTest, AClusterFileThatCannotBeReadIsInvalidInputBeforeTheLock) {
  config_.environments.at("dev").cluster_file = "k8s/no-such-cluster.yml";
  Result<commands::Outcome> r = Apply();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << r.error().message;
  EXPECT_EQ(std::count(Cluster().calls.begin(), Cluster().calls.end(), "Lock"), 0);
  EXPECT_TRUE(Cluster().store.records.empty());
}

// A stop request (SIGTERM) in each step: the job ends in a known state, the
// lock released, no record left pending.
struct StopCase {
  std::string call;
  int nth;
  bool changed;     // whether the cluster had changed by then (a restore follows)
  std::string why;  // what the job says stopped it
};

void PrintTo(const StopCase& c, std::ostream* os) { *os << "a stop at " << c.call << " #" << c.nth; }

class EngineStopTest : public EngineTest, public ::testing::WithParamInterface<StopCase> {};

TEST_P(EngineStopTest, StoppingInAnyStepLeavesAKnownStateAndNoLock) {
  Deployed189();
  StopAt(GetParam().call, GetParam().nth);
  Result<commands::Outcome> r = Upgrade("1.90");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kFailed) << r.error().message;
  EXPECT_NE(r.error().message.find(GetParam().why), std::string::npos) << r.error().message;
  EXPECT_FALSE(Cluster().lock_holder.has_value());
  EXPECT_EQ(LiveAsReleased(), before_);
  for (const auto& [n, state] : Cluster().store.States()) EXPECT_NE(state, "pending") << "release " << n;
  if (GetParam().changed) {
    EXPECT_NE(r.error().message.find("rolled back to release 1 (SQUAD 1.89), verified"), std::string::npos);
  } else {
    EXPECT_NE(r.error().message.find("nothing was changed"), std::string::npos) << r.error().message;
    EXPECT_EQ(Cluster().store.records.size(), 1u);
  }
}

INSTANTIATE_TEST_SUITE_P(EachStep, EngineStopTest,
                         ::testing::Values(StopCase{"EnsureNamespace", 0, false, "stopped before any change"},
                                           StopCase{"Lock", 0, false, "stopped before any change"},
                                           StopCase{"Apply", 0, true, "the migration Job migrate-r2 was stopped"},
                                           StopCase{"Migrate", 0, true, "the migration Job migrate-r2 was stopped"},
                                           StopCase{"Apply", 1, true, "stopped while deploying release 2"},
                                           StopCase{"Track", 0, true, "stopped while rolling out release 2"}),
                         [](const ::testing::TestParamInfo<StopCase>& info) {
                           return info.param.call + std::to_string(info.param.nth);
                         });

}  // namespace
}  // namespace qareports::testing
