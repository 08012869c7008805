// The gate's record-based conditions, each open and closed, with the clock,
// the releases and the git graph given.
#include "gate/conditions.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace qareports::gate {
namespace {

const std::string kTagged(40, 'a');
const std::string kLater(40, 'b');

class ConditionsTest : public ::testing::Test {
 protected:
  ConditionsTest() {
    release::Release r;
    r.number = 7;
    r.state = release::State::kDeployed;
    r.version = "1.90";
    r.commit = kLater;
    r.time = "2026-11-20T09:00:00Z";
    r.deployed = "2026-11-20T10:00:00Z";
    proof.from = "staging";
    proof.releases = {r};
    proof.version = "1.90";
    proof.commit = kTagged;
    proof.contains = [](const std::string& d, const std::string& a) -> Result<bool> {
      return d == a || (d == kLater && a == kTagged);
    };
    proof.now = *util::ParseRfc3339("2026-11-21T12:00:00Z");  // 26 h after it was deployed
    proof.soak_seconds = 24 * 3600;
  }

  Condition Get(const std::string& name) const {
    for (const Condition& c : Evaluate(proof)) {
      if (c.name == name) return c;
    }
    ADD_FAILURE() << "no condition " << name;
    return {};
  }

  Proof proof;
};

TEST_F(ConditionsTest, AllOpenWhenStagingProvedTheRelease) {
  std::vector<Condition> all = Evaluate(proof);
  ASSERT_EQ(all.size(), 4u);
  for (const Condition& c : all) EXPECT_TRUE(c.passed) << c.name << ": " << c.message;
  EXPECT_EQ(Get("soak").message, "staging has run it for 1d2h (soak 1d)");
  EXPECT_EQ(Get("commit").message, "staging was deployed from bbbbbbbbbbbb, which contains aaaaaaaaaaaa");
}

TEST_F(ConditionsTest, ALastReleaseThatFailedOrIsPendingCloses) {
  proof.releases[0].state = release::State::kFailed;
  EXPECT_FALSE(Get("last release good").passed);
  EXPECT_EQ(Get("last release good").message, "staging's release 7 (SQUAD 1.90) is failed, not deployed");
  EXPECT_FALSE(Get("soak").passed);
  proof.releases[0].state = release::State::kPending;
  EXPECT_EQ(Get("last release good").message, "staging's release 7 (SQUAD 1.90) is still being deployed");
}

TEST_F(ConditionsTest, AnotherVersionCloses) {
  proof.version = "1.91";
  EXPECT_FALSE(Get("version").passed);
  EXPECT_EQ(Get("version").message, "staging runs SQUAD 1.90, not 1.91 (the version being promoted)");
  EXPECT_TRUE(Get("last release good").passed);
}

TEST_F(ConditionsTest, ACommitThatDoesNotContainTheTagCloses) {
  proof.releases[0].commit = std::string(40, 'c');
  EXPECT_FALSE(Get("commit").passed);
  EXPECT_EQ(Get("commit").message,
            "staging was deployed from cccccccccccc, which does not contain the tagged commit aaaaaaaaaaaa");
  proof.releases[0].commit = "";
  EXPECT_EQ(Get("commit").message, "staging's release 7 records no git commit");
  proof.releases[0].commit = kLater;
  proof.contains = [](const std::string&, const std::string&) -> Result<bool> {
    return Error::Unavailable("commit bbbbbbbbbbbb is not in this repository");
  };
  EXPECT_EQ(Get("commit").message, "commit bbbbbbbbbbbb is not in this repository");
  proof.commit_problem = "revision \"HEAD\" not found";
  EXPECT_EQ(Get("commit").message, "the tagged commit is unknown: revision \"HEAD\" not found");
}

TEST_F(ConditionsTest, SoakCountsFromDeploymentWithTheInjectedClock) {
  proof.now = *util::ParseRfc3339("2026-11-20T13:30:00Z");
  EXPECT_FALSE(Get("soak").passed);
  EXPECT_EQ(Get("soak").message, "staging has run it for 3h30m of the 1d soak; the gate opens at 2026-11-21T10:00:00Z");
  proof.now = *util::ParseRfc3339("2026-11-21T10:00:00Z");
  EXPECT_TRUE(Get("soak").passed) << "exactly the soak time is enough";
  proof.releases[0].deployed = "";  // older records: from when it was recorded
  proof.now = *util::ParseRfc3339("2026-11-21T09:30:00Z");
  EXPECT_TRUE(Get("soak").passed);
}

TEST_F(ConditionsTest, UnreadableOrEmptyRecordsCloseEveryCondition) {
  proof.unreadable = "connection refused";
  for (const Condition& c : Evaluate(proof)) {
    EXPECT_FALSE(c.passed);
    EXPECT_EQ(c.message, "cannot read staging's release records: connection refused");
  }
  proof.unreadable = "";
  proof.releases.clear();
  for (const Condition& c : Evaluate(proof)) EXPECT_EQ(c.message, "staging has no release");
}

}  // namespace
}  // namespace qareports::gate
