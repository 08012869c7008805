#include "version/version.h"

#include <gtest/gtest.h>

namespace qareports::version {
namespace {

Version V(const std::string& text) {
  Result<Version> v = Parse(text);
  EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : Version{};
}

TEST(VersionTest, AcceptsTwoToFourComponentsWithOptionalV) {
  EXPECT_EQ(V("1.89").ToString(), "1.89");
  EXPECT_EQ(V("v1.86.3").ToString(), "1.86.3");
  EXPECT_EQ(V("V2.0.0.1").ToString(), "2.0.0.1");
  EXPECT_EQ(V("1.90-rc.1").ToString(), "1.90-rc.1");
  EXPECT_EQ(V("1.90-rc.1").prerelease.size(), 2u);
}

TEST(VersionTest, RejectsWhatIsNotAVersionSayingWhy) {
  for (const char* bad : {"", "1", "1.2.3.4.5", "latest", "1.x", "1..2", "1.90-", "1.90-rc..1", "v", "1.90 ",
                          "1.9a", "-1.2", "1.2-rc_1", "12345678901.1"}) {
    Result<Version> v = Parse(bad);
    ASSERT_FALSE(v.ok()) << "accepted \"" << bad << "\"";
    EXPECT_EQ(v.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(v.error().message.find(std::string("\"") + bad + "\""), std::string::npos) << v.error().message;
  }
}

TEST(VersionTest, OrdersAsSemverDoes) {
  // The precedence example of semver.org, item 11, plus SQUAD's short forms.
  std::vector<std::string> ordered = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                      "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",      "1.0.0",
                                      "1.0.1",        "1.1",           "1.9",             "1.10",
                                      "1.86.3",       "1.89",          "1.89.0.1",        "2.0"};
  for (size_t i = 0; i < ordered.size(); ++i) {
    for (size_t j = 0; j < ordered.size(); ++j) {
      int c = Compare(V(ordered[i]), V(ordered[j]));
      EXPECT_EQ(c < 0, i < j) << ordered[i] << " vs " << ordered[j];
      EXPECT_EQ(c == 0, i == j) << ordered[i] << " vs " << ordered[j];
    }
  }
  EXPECT_EQ(Compare(V("1.90"), V("v1.90.0")), 0);
}

TEST(VersionTest, ClassifiesEveryKindOfBump) {
  EXPECT_EQ(Classify(std::nullopt, V("1.89")), Bump::kInitial);
  EXPECT_EQ(Classify(V("1.89"), V("1.89")), Bump::kNone);
  EXPECT_EQ(Classify(V("1.89"), V("v1.89.0")), Bump::kNone);
  EXPECT_EQ(Classify(V("1.89"), V("1.89.1")), Bump::kPatch);
  EXPECT_EQ(Classify(V("1.89.1"), V("1.89.1.1")), Bump::kPatch);
  EXPECT_EQ(Classify(V("1.90-rc.1"), V("1.90")), Bump::kPatch);
  EXPECT_EQ(Classify(V("1.89"), V("1.90")), Bump::kMinor);
  EXPECT_EQ(Classify(V("1.89.3"), V("1.90")), Bump::kMinor);
  EXPECT_EQ(Classify(V("1.89"), V("2.0")), Bump::kMajor);
  EXPECT_EQ(Classify(V("1.90"), V("1.89")), Bump::kDowngrade);
  EXPECT_EQ(Classify(V("1.90"), V("1.90-rc.1")), Bump::kDowngrade);
  EXPECT_EQ(BumpName(Bump::kDowngrade), "downgrade");
}

}  // namespace
}  // namespace qareports::version
