// The deploy lock against the emulator: one holder at a time, expired locks
// taken over, released at the end, broken by a human.
#include "kube/lease.h"

#include <gtest/gtest.h>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_client.h"

namespace qareports::testing {
namespace {

class LeaseTest : public EmulatorClientTest {
 protected:
  kube::Lease Lock(const std::string& holder) {
    return kube::Lease(*c_.client, c_.clock, "default", "qareports-staging-deploy", holder, 60);
  }
  FakeClock& clock_ = c_.clock;
  std::unique_ptr<kube::Client>& client_ = c_.client;
};

TEST_F(LeaseTest, ASecondDeployIsToldWhoHoldsTheLockAndSinceWhen) {
  kube::Lease first = Lock("https://gitlab.example.org/qa/jobs/1");
  ASSERT_TRUE(first.Acquire().ok());
  Status second = Lock("https://gitlab.example.org/qa/jobs/2").Acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::kLockHeld);
  EXPECT_NE(second.error().message.find("held by https://gitlab.example.org/qa/jobs/1 since 2026-"), std::string::npos)
      << second.error().message;
  EXPECT_TRUE(first.Acquire().ok());  // the holder itself may take it again
  ASSERT_TRUE(first.Release().ok());
  EXPECT_TRUE(Lock("https://gitlab.example.org/qa/jobs/2").Acquire().ok());
}

TEST_F(LeaseTest, AnExpiredLockIsTakenOverAndItsOldHolderKnowsItLostIt) {
  kube::Lease crashed = Lock("job-that-crashed");
  ASSERT_TRUE(crashed.Acquire().ok());
  clock_.SleepFor(30);
  EXPECT_EQ(Lock("next").Acquire().error().kind, ErrorKind::kLockHeld);  // renewed 30 s ago: still alive
  clock_.SleepFor(31);
  ASSERT_TRUE(Lock("next").Acquire().ok());
  Status renew = crashed.Renew();
  ASSERT_FALSE(renew.ok());
  EXPECT_EQ(renew.error().kind, ErrorKind::kLockHeld);
  EXPECT_NE(renew.error().message.find("lost to next"), std::string::npos);
  ProcessResult lease = cluster_->Kubectl({"get", "lease", "qareports-staging-deploy", "-o",
                                           "jsonpath={.spec.holderIdentity} {.spec.leaseTransitions} {.spec.renewTime}"});
  if (lease.exit_code == 0) {  // kubectl, when present, reads the same lease
    EXPECT_EQ(lease.out.substr(0, 7), "next 1 ");
    EXPECT_EQ(lease.out.size(), std::string("next 1 2026-11-25T00:00:00.000000Z").size()) << lease.out;
  }
}

TEST_F(LeaseTest, AHeldLockSaysWhenItExpiresAndOneThatExpiresSoonIsWaitedFor) {
  kube::Lease dead = Lock("https://gitlab.example.org/qa/jobs/41");
  ASSERT_TRUE(dead.Acquire().ok());
  clock_.SleepFor(20);
  Status held = Lock("next").Acquire(15);
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().kind, ErrorKind::kLockHeld);
  EXPECT_NE(held.error().message.find("expires at 2026-"), std::string::npos) << held.error().message;
  EXPECT_NE(held.error().message.find(", in 40 s, unless its holder renews it"), std::string::npos)
      << held.error().message;
  clock_.SleepFor(30);  // 10 s left: its holder is dead or about to let go, so the next job waits
  double before = clock_.Elapsed();
  ASSERT_TRUE(Lock("next").Acquire(15).ok());
  EXPECT_GE(clock_.Elapsed() - before, 10.0) << "it waited for the lock to expire";
  EXPECT_LE(clock_.Elapsed() - before, 11.0);
}

// leaseTransitions is an int32 on the server: one more than its largest
// overflowed an int (undefined behaviour) and could not be written back.
TEST_F(LeaseTest, ALockTakenOverAfterTheLargestNumberOfTransitionsKeepsThatNumber) {
  kube::ApiCall create;
  create.method = "POST";
  create.path = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
  create.body = R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"qareports-staging-deploy"},
      "spec":{"holderIdentity":"job-that-crashed","leaseDurationSeconds":60,"acquireTime":"2026-01-01T00:00:00.000000Z",
      "renewTime":"2026-01-01T00:00:00.000000Z","leaseTransitions":2147483647}})";
  ASSERT_EQ(client_->Call(create).value().status, 201);
  ASSERT_TRUE(Lock("next").Acquire().ok());
  nlohmann::json lease =
      client_->Call(kube::Get(create.path + "/qareports-staging-deploy")).value().json;
  EXPECT_EQ(lease["spec"]["holderIdentity"], "next");
  EXPECT_EQ(lease["spec"]["leaseTransitions"], 2147483647);
}

TEST_F(LeaseTest, BreakClearsTheLockWhoeverHoldsIt) {
  ASSERT_TRUE(Lock("stuck-job").Acquire().ok());
  Result<std::string> held = Lock("operator").Break();
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(*held, "stuck-job");
  EXPECT_TRUE(Lock("next").Acquire().ok());
  EXPECT_EQ(kube::MicroTime(std::chrono::system_clock::time_point(std::chrono::microseconds(1795993200000042))),
            "2026-11-29T23:00:00.000042Z");
}

}  // namespace
}  // namespace qareports::testing

namespace qareports::testing {
namespace {

TEST_F(LeaseTest, UnlockCommandClearsAStuckLockAndSaysWhoHeldIt) {
  kube::ApiCall ns;
  ns.method = "POST";
  ns.path = "/api/v1/namespaces";
  ns.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"qareports-staging"}})";
  ASSERT_EQ(client_->Call(ns).value().status, 201);
  kube::Lease stuck(*client_, clock_, "qareports-staging", "qareports-deploy", "https://ci/jobs/7", 3600);
  ASSERT_TRUE(stuck.Acquire().ok());
  ProcessResult unlock = RunProcess({QAREPORTS_BINARY, "staging", "unlock", "--kubeconfig", cluster_->kubeconfig(),
                                     "--context", "emulator", "-o", "json"},
                                    QAREPORTS_SOURCE_DIR);
  EXPECT_EQ(unlock.exit_code, 0) << unlock.err;
  EXPECT_NE(unlock.err.find("cleared the deploy lock held by https://ci/jobs/7"), std::string::npos) << unlock.err;
  EXPECT_TRUE(kube::Lease(*client_, clock_, "qareports-staging", "qareports-deploy", "next", 60).Acquire().ok());
}

}  // namespace
}  // namespace qareports::testing
