// Times as reports, Leases and release records write and read them.
#include "util/time_format.h"

#include <gtest/gtest.h>

namespace qareports::testing {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(TimeFormatTest, WritesUtcToTheSecond) {
  EXPECT_EQ(util::Iso8601(system_clock::time_point(seconds(1795993200))), "2026-11-29T23:00:00Z");
  EXPECT_EQ(util::Iso8601(system_clock::time_point(seconds(0))), "1970-01-01T00:00:00Z");
}

TEST(TimeFormatTest, ReadsRfc3339WithFractionsAndOffsets) {
  system_clock::time_point t(seconds(1795993200));
  EXPECT_EQ(util::ParseRfc3339("2026-11-29T23:00:00Z"), t);
  EXPECT_EQ(util::ParseRfc3339("2026-11-30T00:00:00+01:00"), t);
  EXPECT_EQ(util::ParseRfc3339("2026-11-29T22:30:00-00:30"), t);
  EXPECT_EQ(util::ParseRfc3339("2026-11-29T23:00:00.250000Z"), t) << "a Lease's fraction is read, to the second";
  EXPECT_EQ(util::ParseRfc3339(util::Iso8601(t)), t) << "what it writes, it reads";
}

TEST(TimeFormatTest, RefusesWhatIsNotATime) {
  for (const char* bad : {"", "2026-11-30", "2026-11-30 23:00:00Z", "2026-13-30T23:00:00Z", "yesterday",
                          "2026-11-30T23:00:00"}) {
    EXPECT_FALSE(util::ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace qareports::testing
