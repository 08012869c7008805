#include "report/junit.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "fixtures/junit_check.h"
#include "fixtures/temp_dir.h"

namespace qareports::report {
namespace {

using Status = TestCase::Status;

Report Sample() {
  Report r("qareports staging apply");
  TestSuite& detect = r.Suite("detect", "2026-11-24T10:00:00Z");
  detect.cases.push_back({"version bump", "detect", 0.25, Status::kPassed, "", "", "", "1.89 -> 1.90\n"});
  TestSuite& rollout = r.Suite("rollout");
  rollout.cases.push_back({"web", "rollout", 1.5, Status::kFailed, "CrashLoopBackOff", "RolloutFailed",
                           "Back-off restarting failed container\nImportError", ""});
  rollout.cases.push_back({"worker", "rollout", 2, Status::kError, "timed out", "", "", ""});
  rollout.cases.push_back({"listener", "rollout", 0, Status::kSkipped, "not changed", "", "", ""});
  return r;
}

TEST(JUnitTest, ConsumersReadBackTheSameCountsNamesAndMessages) {
  testing::TempDir dir;
  sys::RealFileSystem fs;
  ASSERT_TRUE(WriteJUnit(Sample(), dir / "report.xml", fs).ok());
  nlohmann::json read = testing::ReadJUnitLikeConsumers(dir / "report.xml");
  ASSERT_FALSE(read.is_null());
  EXPECT_EQ(read["tests"], 4);
  EXPECT_EQ(read["failures"], 1);
  EXPECT_EQ(read["errors"], 1);
  EXPECT_EQ(read["skipped"], 1);
  ASSERT_EQ(read["suites"].size(), 2u);
  const auto& rollout = read["suites"][1];
  EXPECT_EQ(rollout["name"], "rollout");
  EXPECT_EQ(rollout["tests"], 3);
  EXPECT_DOUBLE_EQ(rollout["time"].get<double>(), 3.5);
  EXPECT_EQ(rollout["cases"][0]["name"], "web");
  EXPECT_EQ(rollout["cases"][0]["kind"], "failure");
  EXPECT_EQ(rollout["cases"][0]["message"], "CrashLoopBackOff");
  EXPECT_EQ(rollout["cases"][0]["text"], "Back-off restarting failed container\nImportError");
  EXPECT_EQ(rollout["cases"][1]["kind"], "error");
  EXPECT_EQ(rollout["cases"][2]["kind"], "skipped");
  EXPECT_EQ(read["suites"][0]["cases"][0]["system_out"], "1.89 -> 1.90\n");
}

TEST(JUnitTest, CasesAlikeInClassnameAndNameAreToldApart) {
  Report r("qareports staging upgrade");
  for (const char* suite : {"apply", "apply", "rollout"}) {
    r.Suite(suite).cases.push_back({"Namespace qareports-staging", "apply.staging", 0, Status::kPassed, "", "", "", ""});
  }
  testing::TempDir dir;
  sys::RealFileSystem fs;
  ASSERT_TRUE(WriteJUnit(r, dir / "report.xml", fs).ok());
  nlohmann::json read = testing::ReadJUnitLikeConsumers(dir / "report.xml");
  ASSERT_FALSE(read.is_null());
  ASSERT_EQ(read["suites"].size(), 2u);
  EXPECT_EQ(read["suites"][0]["cases"][0]["name"], "Namespace qareports-staging");
  EXPECT_EQ(read["suites"][0]["cases"][1]["name"], "Namespace qareports-staging (2)");
  EXPECT_EQ(read["suites"][1]["cases"][0]["name"], "Namespace qareports-staging (3)");
}

TEST(JUnitTest, AnyBytesStillYieldWellFormedXml) {
  std::string nasty = std::string("bell\x07 nul") + '\0' + " bad\xC3\x28 utf8 \xED\xA0\x80 ]]> <x> & \"q\" \xEF\xBF\xBE ok\xE2\x9C\x93";
  Report r(nasty);
  r.Suite(nasty).cases.push_back({nasty, nasty, 1, Status::kFailed, nasty, nasty, nasty + "\n]]>", nasty});
  testing::TempDir dir;
  sys::RealFileSystem fs;
  ASSERT_TRUE(WriteJUnit(r, dir / "nasty.xml", fs).ok());
  nlohmann::json read = testing::ReadJUnitLikeConsumers(dir / "nasty.xml");
  ASSERT_FALSE(read.is_null());
  std::string name = read["suites"][0]["cases"][0]["name"];
  EXPECT_EQ(name, "bell\\x07 nul\\x00 bad\\xC3( utf8 \\xED\\xA0\\x80 ]]> <x> & \"q\" \\uFFFE ok\xE2\x9C\x93");
  EXPECT_EQ(read["suites"][0]["cases"][0]["text"], name + "\n]]>");
}

TEST(JUnitTest, WritingReplacesTheFileWholeAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  sys::RealFileSystem fs;
  dir.Write("r.xml", "old content");
  ASSERT_TRUE(WriteJUnit(Sample(), dir / "r.xml", fs).ok());
  EXPECT_EQ(dir.Read("r.xml"), ToJUnit(Sample()));
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
  EXPECT_FALSE(WriteJUnit(Sample(), dir / "missing-dir/r.xml", fs).ok());
}

}  // namespace
}  // namespace qareports::report
