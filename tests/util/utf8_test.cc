// UTF-8: strict validation, and text made valid for a strict decoder.
#include "util/utf8.h"

#include <gtest/gtest.h>

namespace qareports::util {
namespace {

TEST(Utf8Test, ValidTextIsKeptAsItIs) {
  std::string text = "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80 plain";
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_EQ(ValidUtf8(text), text);
}

TEST(Utf8Test, EachInvalidByteBecomesAReplacementCharacterSoAStrictDecoderTakesIt) {
  // A Latin-1 byte, a cut sequence at the end, a surrogate, an overlong '/'.
  std::string text = "caf\xE9 ok \xED\xA0\x80 \xC0\xAF end \xE2\x9C";
  std::string valid = ValidUtf8(text);
  EXPECT_FALSE(IsValidUtf8(text));
  EXPECT_TRUE(IsValidUtf8(valid));
  EXPECT_EQ(valid.substr(0, 6), "caf\xEF\xBF\xBD");
  EXPECT_NE(valid.find(" ok "), std::string::npos);
  EXPECT_NE(valid.find(" end "), std::string::npos);
}

}  // namespace
}  // namespace qareports::util
