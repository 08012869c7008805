// The bookkeeping every deploy does with its records, over records in
// memory: state names, the last good release, a release marked deployed
// superseding the others and keeping only the newest, and what is said when
// part of that cannot be written.
#include "release/store.h"

#include <gtest/gtest.h>

#include "fakes/memory_store.h"

namespace qareports::testing {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  // `n` records, all deployed but the newest (pending), numbered from 1.
  void Records(int n) {
    for (int i = 1; i <= n; ++i) {
      release::Release r;
      r.version = "1." + std::to_string(80 + i);
      r.state = i == n ? release::State::kPending : release::State::kDeployed;
      ASSERT_EQ(store_.Create(r).value(), i);
    }
  }
  MemoryStore store_;
};

TEST_F(StoreTest, StateNamesRoundTripAndAnUnknownOneReadsAsFailed) {
  for (release::State s : {release::State::kPending, release::State::kDeployed, release::State::kFailed,
                           release::State::kSuperseded}) {
    EXPECT_EQ(release::StateFromName(release::StateName(s)), s);
  }
  EXPECT_EQ(release::StateFromName("rolled-back"), release::State::kFailed);
  EXPECT_EQ(release::StateFromName(""), release::State::kFailed);
}

TEST_F(StoreTest, MarkingDeployedSupersedesTheOthersNotesTheTimeAndKeepsTheNewest) {
  Records(4);
  EXPECT_EQ(store_.LastGood().value()->number, 3);
  Result<std::vector<std::string>> problems = store_.MarkDeployed(4, "2026-11-27T13:00:00Z", 3);
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty());
  EXPECT_EQ(store_.States(), (std::map<int, std::string>{{2, "superseded"}, {3, "superseded"}, {4, "deployed"}}));
  EXPECT_EQ(store_.records[4].deployed, "2026-11-27T13:00:00Z");
  EXPECT_EQ(store_.Create(release::Release{}).value(), 5) << "numbers keep growing past the pruned ones";
}

TEST_F(StoreTest, WhatElseCouldNotBeWrittenIsSaidWithItsConsequence) {
  Records(2);
  store_.fails = [](const std::string& c) { return c == "SetState 1 superseded"; };
  Result<std::vector<std::string>> problems = store_.MarkDeployed(2, "2026-11-27T13:00:00Z");
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_NE((*problems)[0].find("could not mark release 1 (deployed) superseded"), std::string::npos) << (*problems)[0];
  EXPECT_NE((*problems)[0].find("the next job that takes the lock does it"), std::string::npos) << (*problems)[0];
  EXPECT_EQ(store_.States(), (std::map<int, std::string>{{1, "deployed"}, {2, "deployed"}}));
  EXPECT_EQ(store_.records[2].deployed, "2026-11-27T13:00:00Z") << "a deployed release always says when";
  store_.fails = [](const std::string&) { return false; };
  std::vector<std::string> settled;
  EXPECT_TRUE(store_.Settle(0, &settled).empty());
  EXPECT_EQ(store_.States(), (std::map<int, std::string>{{1, "superseded"}, {2, "deployed"}}));
  ASSERT_EQ(settled.size(), 1u);
}

TEST_F(StoreTest, RecordsThatCannotBeReadOrDeletedAfterwardsAreSaid) {
  Records(3);
  store_.fails = [](const std::string& c) { return c == "Delete 1"; };
  Result<std::vector<std::string>> pruning = store_.MarkDeployed(3, "t", 2);
  ASSERT_TRUE(pruning.ok());
  ASSERT_EQ(pruning->size(), 1u);
  EXPECT_NE((*pruning)[0].find("more than 2 are kept"), std::string::npos) << (*pruning)[0];
  store_.fails = [](const std::string& c) { return c == "List"; };
  Result<std::vector<std::string>> listing = store_.MarkDeployed(3, "t");
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->size(), 2u);
  EXPECT_NE((*listing)[0].find("could not read the releases to settle"), std::string::npos) << (*listing)[0];
  EXPECT_NE((*listing)[1].find("more than 10 are kept"), std::string::npos) << (*listing)[1];
}

TEST_F(StoreTest, ARecordWhoseOwnStateCannotBeWrittenIsAnError) {
  Records(1);
  store_.fails = [](const std::string& c) { return c == "Update 1"; };
  Result<std::vector<std::string>> r = store_.MarkDeployed(1, "t");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(store_.States(), (std::map<int, std::string>{{1, "pending"}}));
}

}  // namespace
}  // namespace qareports::testing
