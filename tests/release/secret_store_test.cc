// Release records in the emulator: numbered, newest first, the last good one
// found, only the newest kept; kubectl sees them as Secrets of their own type.
#include "release/secret_store.h"

#include <gtest/gtest.h>

#include <limits>

#include "fixtures/emulator_client.h"

namespace qareports::testing {
namespace {

class SecretStoreTest : public EmulatorClientTest {
 protected:
  release::Release Make(const std::string& version) {
    release::Release r;
    r.version = version;
    r.commit = "abc123";
    r.time = "2026-11-25T01:00:00Z";
    r.job = "https://gitlab.example.org/qa/jobs/9";
    r.migrations = {"core.0170_auto"};
    r.manifests = nlohmann::json::array({{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}}});
    return r;
  }
};

TEST_F(SecretStoreTest, RecordsNumberedReleasesAndFindsTheLastGoodOne) {
  release::SecretStore store(*c_.client, "default", "staging");
  EXPECT_FALSE(store.LastGood().value().has_value());
  ASSERT_EQ(store.Create(Make("1.89")).value(), 1);
  ASSERT_TRUE(store.SetState(1, release::State::kDeployed).ok());
  ASSERT_EQ(store.Create(Make("1.90")).value(), 2);
  ASSERT_TRUE(store.SetState(2, release::State::kFailed).ok());
  std::optional<release::Release> good = store.LastGood().value();
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->number, 1);
  EXPECT_EQ(good->version, "1.89");
  EXPECT_EQ(good->migrations, std::vector<std::string>{"core.0170_auto"});
  EXPECT_EQ(good->manifests[0]["metadata"]["name"], "x");
  std::vector<release::Release> all = store.List().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].number, 2);
  EXPECT_EQ(all[0].state, release::State::kFailed);
  // Another environment's records are its own.
  EXPECT_TRUE(release::SecretStore(*c_.client, "default", "production").List().value().empty());
  ProcessResult seen = cluster_->Kubectl({"get", "secrets", "-l", "qareports.linaro.org/release-of=staging", "-o",
                                          "jsonpath={range .items[*]}{.type} {.metadata.labels.qareports\\.linaro\\.org/release-status}{\"\\n\"}{end}"});
  if (seen.exit_code == 0) {
    EXPECT_NE(seen.out.find("qareports.linaro.org/release.v1 deployed"), std::string::npos) << seen.out;
    EXPECT_NE(seen.out.find("qareports.linaro.org/release.v1 failed"), std::string::npos) << seen.out;
  }
}

TEST_F(SecretStoreTest, KeepsOnlyTheNewest) {
  release::SecretStore store(*c_.client, "default", "staging");
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store.Create(Make("1.8" + std::to_string(i))).ok());
  ASSERT_TRUE(store.Prune(3).ok());
  std::vector<release::Release> all = store.List().value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front().number, 5);
  EXPECT_EQ(all.back().number, 3);
  EXPECT_EQ(store.Create(Make("1.90")).value(), 6);  // numbers keep growing
}

// A record whose number no release can follow (int's largest, where the next
// number overflowed) is read as an unreadable one, numbered 0.
TEST_F(SecretStoreTest, ARecordWithTheLargestNumberIsNotFollowedByAnOverflow) {
  release::SecretStore store(*c_.client, "default", "staging");
  release::Release last = Make("1.89");
  last.number = std::numeric_limits<int>::max();
  ASSERT_TRUE(store.Put(last).ok());
  ASSERT_EQ(store.List().value().at(0).number, 0);
  EXPECT_EQ(store.Create(Make("1.90")).value(), 1);
  EXPECT_EQ(store.List().value().at(0).version, "1.90");
}

}  // namespace
}  // namespace qareports::testing
