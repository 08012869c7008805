// The string helpers: durations both ways, the nearest name for a typo,
// query encoding, splitting and joining.
#include "util/strings.h"

#include <gtest/gtest.h>

namespace qareports::testing {
namespace {

TEST(StringsTest, LastLinesKeepsWhatAProgramSaidLast) {
  EXPECT_EQ(util::LastLines("a\nb\nc\n\n", 2), "b\nc");
  EXPECT_EQ(util::LastLines("only", 5), "only");
  EXPECT_EQ(util::LastLines("", 3), "");
}

TEST(StringsTest, DurationsAreReadInEveryUnitAndCombination) {
  EXPECT_EQ(util::ParseDuration("90s"), 90);
  EXPECT_EQ(util::ParseDuration("10m"), 600);
  EXPECT_EQ(util::ParseDuration("1h30m"), 5400);
  EXPECT_EQ(util::ParseDuration("2d"), 172800);
  EXPECT_EQ(util::ParseDuration("0s"), 0);
  for (const char* bad : {"", "10", "m", "1x", "-5s", "1.5h", "s10", "10 s"}) {
    EXPECT_FALSE(util::ParseDuration(bad).has_value()) << bad;
  }
}

TEST(StringsTest, DurationsAreWrittenInTheirTwoLargestUnits) {
  EXPECT_EQ(util::FormatDuration(0), "0s");
  EXPECT_EQ(util::FormatDuration(86400), "1d");
  EXPECT_EQ(util::FormatDuration(5400), "1h30m");
  EXPECT_EQ(util::FormatDuration(90061), "1d1h");
  EXPECT_EQ(util::FormatDuration(86399), "23h59m") << "the seconds are dropped past an hour";
  for (long s : {59L, 600L, 3599L, 86340L}) EXPECT_EQ(util::ParseDuration(util::FormatDuration(s)), s) << s;
}

TEST(StringsTest, TheNearestNameIsSuggestedOnlyForALikelyTypo) {
  EXPECT_EQ(util::Nearest("stagign", {"dev", "staging", "production"}), "staging");
  EXPECT_EQ(util::Nearest("prod", {"dev", "staging", "production"}), std::nullopt);
  EXPECT_EQ(util::Nearest("x", {}), std::nullopt);
}

TEST(StringsTest, QueryValuesKeepOnlyUnreservedCharacters) {
  EXPECT_EQ(util::UrlEncode("app=web,tier in (a b)"), "app%3Dweb%2Ctier%20in%20%28a%20b%29");
  EXPECT_EQ(util::UrlEncode("A-z_0.9~"), "A-z_0.9~");
}

TEST(StringsTest, SplitJoinTrimAndAffixes) {
  EXPECT_EQ(util::Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(util::Join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(util::Join({}, ", "), "");
  EXPECT_EQ(util::Trim(" \t x y \n"), "x y");
  EXPECT_TRUE(util::StartsWith("squad-1.90", "squad-"));
  EXPECT_FALSE(util::StartsWith("sq", "squad-"));
  EXPECT_TRUE(util::EndsWith("web.yml", ".yml"));
  EXPECT_FALSE(util::EndsWith("yml", ".yml"));
}

}  // namespace
}  // namespace qareports::testing
