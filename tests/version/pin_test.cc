#include "version/pin.h"

#include <gtest/gtest.h>

namespace qareports::version {
namespace {

TEST(PinTest, ReadsAYamlKeyPathWhereverTheValueIsWritten) {
  std::string text = "# top\nsquad:\n  image: squadproject/squad\n  version: \"1.89\"\nother: 1\n";
  auto pin = ReadPin(text, {"f.yml", "squad.version", ""});
  ASSERT_TRUE(pin.ok());
  ASSERT_TRUE(pin->has_value());
  EXPECT_EQ((*pin)->text, "1.89");
  EXPECT_EQ((*pin)->line, 4);
  EXPECT_EQ(text.substr((*pin)->offset, 4), "1.89");
}

TEST(PinTest, AbsentKeyIsNoPinAndBrokenYamlIsInvalidInput) {
  auto absent = ReadPin("squad:\n  image: x\n", {"f.yml", "squad.version", ""});
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  auto not_map = ReadPin("squad: 3\n", {"f.yml", "squad.version", ""});
  ASSERT_TRUE(not_map.ok());
  EXPECT_FALSE(not_map->has_value());
  auto broken = ReadPin("squad: [\n", {"f.yml", "squad.version", ""});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(broken.error().place.find("f.yml:"), std::string::npos);
  auto list = ReadPin("squad:\n  version: [1, 2]\n", {"f.yml", "squad.version", ""});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().place, "f.yml:2");
}

// Found by tests/fuzz/version_fuzz.cc: a value not written as it reads
// pointed the bump at the file's first byte.
TEST(PinTest, APinWrittenWithEscapesOrAcrossLinesIsInvalidInputNotAWrongPlace) {
  for (const std::string text : {"squad:\n  version: \"1.\\x389\"\n", "squad:\n  version: \"1.89\a\n",
                                 "squad:\n  version: \"1.\n    89\"\n"}) {
    auto pin = ReadPin(text, {"f.yml", "squad.version", ""});
    if (pin.ok() && pin->has_value()) {  // read: then exactly where it says
      EXPECT_EQ(text.substr((*pin)->offset, (*pin)->text.size()), (*pin)->text) << text;
      continue;
    }
    ASSERT_FALSE(pin.ok()) << text;
    EXPECT_EQ(pin.error().kind, ErrorKind::kInvalidInput);
    EXPECT_EQ(pin.error().place, "f.yml:2") << text;
  }
}

TEST(PinTest, ReadsTheCaptureGroupOfARegex) {
  std::string text = "\"\"\"SQUAD\"\"\"\n__version__ = '1.86.3'\n";
  auto pin = ReadPin(text, {"squad/version.py", "", "__version__ = '([^']+)'"});
  ASSERT_TRUE(pin.ok());
  ASSERT_TRUE(pin->has_value());
  EXPECT_EQ((*pin)->text, "1.86.3");
  EXPECT_EQ((*pin)->line, 2);
  auto none = ReadPin("nothing here\n", {"squad/version.py", "", "__version__ = '([^']+)'"});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(PinTest, WithoutPinHidesOnlyThePin) {
  std::string a = "squad:\n  version: \"1.89\"\n  image: x\n", b = "squad:\n  version: \"1.90\"\n  image: x\n";
  PinSpec spec{"f", "squad.version", ""};
  EXPECT_EQ(WithoutPin(a, ReadPin(a, spec).value()), WithoutPin(b, ReadPin(b, spec).value()));
  std::string c = "squad:\n  version: \"1.90\"\n  image: y\n";
  EXPECT_NE(WithoutPin(a, ReadPin(a, spec).value()), WithoutPin(c, ReadPin(c, spec).value()));
}

}  // namespace
}  // namespace qareports::version
