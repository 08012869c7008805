// The deploy lock's keeper against the emulator: it renews the Lease while a
// job runs and notices, at its next renewal, that another job took it.
#include "deploy/lock_keeper.h"

#include <gtest/gtest.h>

#include <thread>

#include "fixtures/emulator_client.h"
#include "kube/lease.h"

namespace qareports::testing {
namespace {

class LockKeeperTest : public EmulatorClientTest {
 protected:
  static constexpr const char* kLease = "/apis/coordination.k8s.io/v1/namespaces/default/leases/qareports-deploy";

  nlohmann::json Lease() const {
    Result<kube::ApiResult> r = c_.client->Call(kube::Get(kLease));
    return r.ok() && r->ok() ? r->json : nlohmann::json::object();
  }

  // Polls `done` for up to `seconds`.
  template <typename Done>
  static bool Within(double seconds, Done done) {
    for (int i = 0; i < seconds * 20; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }
};

TEST_F(LockKeeperTest, RenewsTheLockWhileTheJobRunsAndNoticesWhenAnotherJobTookIt) {
  kube::DeployLock mine(*c_.client, c_.clock, "default", "qareports-deploy", "job-1", 3);
  ASSERT_TRUE(mine.Acquire().ok());
  kube::Session session;
  session.target = c_.target;
  session.namespace_ = "default";
  session.credentials = std::make_unique<kube::Credentials>(c_.target, c_.runner, c_.fs, c_.clock);
  sys::RealClock clock;  // renewals stamped with the real time, a third of the lease apart (1 s)
  std::string acquired = Lease()["spec"].value("renewTime", "");
  deploy::LockKeeper keeper(session, c_.http, clock, "qareports-deploy", "job-1", 3);
  EXPECT_TRUE(Within(3, [&] { return Lease()["spec"].value("renewTime", "") != acquired; })) << Lease().dump();
  EXPECT_EQ(Lease()["spec"].value("holderIdentity", ""), "job-1");
  EXPECT_FALSE(keeper.lost());

  // Another job takes it over (as after an expiry): one write.
  kube::ApiCall take;
  take.method = "PATCH";
  take.path = kLease;
  take.content_type = "application/merge-patch+json";
  take.body = R"({"spec":{"holderIdentity":"job-2"}})";
  ASSERT_TRUE(c_.client->Call(take)->ok());
  EXPECT_TRUE(Within(3, [&] { return keeper.lost(); }));
  EXPECT_NE(keeper.lost_reason().find("job-2"), std::string::npos) << keeper.lost_reason();
  EXPECT_EQ(Lease()["spec"].value("holderIdentity", ""), "job-2") << "the keeper never takes a lock back";
  keeper.Stop();
}

}  // namespace
}  // namespace qareports::testing
