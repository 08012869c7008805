#include "util/spill.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "fixtures/temp_dir.h"

namespace qareports::util {
namespace {

TEST(SpillTest, WhatIsPutIsReadBackByItsReferenceAndLeavesNoFileBehind) {
  testing::TempDir dir;
  const char* before = std::getenv("TMPDIR");
  std::string saved = before ? before : "";
  ::setenv("TMPDIR", dir.path().c_str(), 1);
  {
    Spill spill;
    std::vector<std::pair<Spill::Ref, std::string>> put;
    for (int i = 0; i < 1000; ++i) {
      std::string text = "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(i % 300, 'x') + "\"}";
      Result<Spill::Ref> ref = spill.Put(text);
      ASSERT_TRUE(ref.ok()) << ref.error().ToString();
      put.emplace_back(*ref, text);
    }
    Result<Spill::Ref> empty = spill.Put("");
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(*spill.Get(*empty), "");
    for (size_t i = put.size(); i-- > 0;) EXPECT_EQ(*spill.Get(put[i].first), put[i].second) << i;
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // unnamed: nothing to clean up, even after a kill
  }
  if (before) ::setenv("TMPDIR", saved.c_str(), 1); else ::unsetenv("TMPDIR");
}

TEST(SpillTest, ADirectoryThatCannotHoldItIsAFailureNamingIt) {
  const char* before = std::getenv("TMPDIR");
  std::string saved = before ? before : "";
  ::setenv("TMPDIR", "/nonexistent-qareports", 1);
  Spill spill;
  Result<Spill::Ref> ref = spill.Put("x");
  if (before) ::setenv("TMPDIR", saved.c_str(), 1); else ::unsetenv("TMPDIR");
  ASSERT_FALSE(ref.ok());
  EXPECT_NE(ref.error().message.find("/nonexistent-qareports"), std::string::npos) << ref.error().message;
}

}  // namespace
}  // namespace qareports::util
