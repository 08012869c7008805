// gzip through zlib, checked against Debian's gzip program both ways.
#include "util/gzip.h"

#include <gtest/gtest.h>

#include "fixtures/process.h"
#include "fixtures/temp_dir.h"

namespace qareports::util {
namespace {

using testing::ProcessResult;
using testing::RunProcess;
using testing::TempDir;

TEST(GzipTest, RoundTripsAnyBytes) {
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes += static_cast<char>((i * 7919) % 256);
  for (const std::string& data : {std::string(), std::string("{}"), bytes}) {
    std::string zipped = Gzip(data);
    EXPECT_TRUE(IsGzip(zipped));
    EXPECT_EQ(Gunzip(zipped), data);
  }
  EXPECT_FALSE(IsGzip("[{\"kind\":\"Namespace\"}]"));
}

TEST(GzipTest, TruncatedOrForeignDataIsRefused) {
  std::string zipped = Gzip(std::string(5000, 'x'));
  EXPECT_EQ(Gunzip(zipped.substr(0, zipped.size() - 4)), std::nullopt);
  EXPECT_EQ(Gunzip("not gzip at all"), std::nullopt);
  EXPECT_EQ(Gunzip(zipped + "trailing"), std::nullopt);
}

TEST(GzipTest, TheGzipProgramReadsOursAndWeReadItsOutput) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a manifest\n";
  dir.Write("ours.gz", Gzip(text));
  ProcessResult unzipped = RunProcess({"gzip", "-dc", "ours.gz"}, dir.path());
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  EXPECT_EQ(unzipped.out, text);
  dir.Write("theirs", text);
  ASSERT_EQ(RunProcess({"gzip", "-9", "theirs"}, dir.path()).exit_code, 0);
  EXPECT_EQ(Gunzip(dir.Read("theirs.gz")), text);
}

}  // namespace
}  // namespace qareports::util
