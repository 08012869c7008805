// How many requests the agent keeps in flight: raised while the server
// answers fast, held when it queues, halved when it refuses.
#include "kube/concurrency.h"

#include <gtest/gtest.h>

namespace qareports::kube {
namespace {

sys::HttpResponse Answer(int status, double waited) {
  sys::HttpResponse r;
  r.status = status;
  r.wait_seconds = waited;
  return r;
}

// One round trip: as many answers as the limit allowed, each while the
// limit was in use (an answer makes room for the next request at once).
void Round(Concurrency& c, int status, double waited) {
  int n = c.Limit();
  for (int i = 0; i < n; ++i) c.Answered(Answer(status, waited), c.Limit());
}

TEST(ConcurrencyTest, RaisedWhileAnswersStayFastDoublingEachRoundUpToTheSetting) {
  Concurrency c(50);
  EXPECT_EQ(c.Limit(), Concurrency::kStart);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 16);
  Round(c, 200, 0.021);
  EXPECT_EQ(c.Limit(), 32);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 50);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 50);
  EXPECT_EQ(c.highest(), 50);
}

TEST(ConcurrencyTest, HeldWhenAnswersSlowDownThenRaisedOneARound) {
  Concurrency c(100);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 16);
  Round(c, 200, 0.200);  // queueing at the server
  EXPECT_EQ(c.Limit(), 16);
  Round(c, 200, 0.020);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 17) << "past the first slowing, about one more a round trip";
}

TEST(ConcurrencyTest, HalvedOnceARoundWhenTheServerRefusesAndNeverBelowOne) {
  Concurrency c(32);
  Round(c, 200, 0.020);
  Round(c, 200, 0.020);
  ASSERT_EQ(c.Limit(), 32);
  Round(c, 429, 0.001);
  EXPECT_EQ(c.Limit(), 16) << "a round's refusals are one signal";
  Round(c, 503, 0.001);
  EXPECT_EQ(c.Limit(), 8);
  for (int i = 0; i < 10; ++i) Round(c, 429, 0.001);
  EXPECT_EQ(c.Limit(), 1);
  EXPECT_EQ(c.throttled(), 32 + 16 + 8 + 4 + 2 + 7);
}

TEST(ConcurrencyTest, AfterARefusalNeverAgainAsManyAsWereInFlight) {
  Concurrency c(64);
  Round(c, 200, 0.020);
  Round(c, 200, 0.020);
  ASSERT_EQ(c.Limit(), 32);
  c.Answered(Answer(429, 0.001), 20);  // the server took 19 and no more
  EXPECT_EQ(c.Limit(), 16);
  for (int i = 0; i < 50; ++i) Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 19);
  EXPECT_EQ(c.highest(), 32);
}

TEST(ConcurrencyTest, AServerUnavailableForAMomentOnlyHalvesIt) {
  Concurrency c(64);
  Round(c, 200, 0.020);
  Round(c, 200, 0.020);
  c.Answered(Answer(503, 0.001), 1);  // the server's own trouble, one request
  EXPECT_EQ(c.Limit(), 16);
  for (int i = 0; i < 50; ++i) Round(c, 200, 0.020);
  EXPECT_GT(c.Limit(), 32) << "no ceiling from a 503";
}

TEST(ConcurrencyTest, NotRaisedWhileTheLimitIsNotInUse) {
  Concurrency c;
  for (int i = 0; i < 100; ++i) c.Answered(Answer(200, 0.020), 2);
  EXPECT_EQ(c.Limit(), Concurrency::kStart);
}

TEST(ConcurrencyTest, FailuresWithoutAnAnswerTeachNothing) {
  Concurrency c;
  sys::HttpResponse reset;  // status 0: the connection broke
  for (int i = 0; i < 100; ++i) c.Answered(reset, 8);
  EXPECT_EQ(c.Limit(), Concurrency::kStart);
  EXPECT_EQ(c.throttled(), 0);
}

TEST(ConcurrencyTest, TheSettingBoundsItFromTheStart) {
  Concurrency c(4);
  EXPECT_EQ(c.Limit(), 4);
  Round(c, 200, 0.020);
  EXPECT_EQ(c.Limit(), 4);
  c.SetMax(0);
  EXPECT_EQ(c.Limit(), 1);
}

}  // namespace
}  // namespace qareports::kube
