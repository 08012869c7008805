// The config's regular expressions: refused before std::regex's compiler
// meets what it cannot take, and searched in one pass, without exhausting
// the stack, with the results std::regex_search gives.
#include "util/linear_regex.h"

#include <gtest/gtest.h>

namespace qareports::util {
namespace {

std::string ProblemOf(const std::string& pattern) {
  Result<UserRegex> r = UserRegex::Compile(pattern);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  return r.error().message;
}

// The `{` count of a fuzzed config: read into a `long`, it overflowed.
TEST(LinearRegexTest, ARepeatCountPastTheLimitIsRefusedBeforeTheCompilerReadsIt) {
  EXPECT_EQ(ProblemOf(R"(^squad-(\d+(?:\.\d+){1,22222222222222222222})$)"),
            "repeats 22222222222222222222 times; at most 1000");
  EXPECT_EQ(ProblemOf("a{99999}"), "repeats 99999 times; at most 1000");
  EXPECT_EQ(ProblemOf("a{1001,}"), "repeats 1001 times; at most 1000");
  EXPECT_EQ(ProblemOf("a{0001}"), "");
  EXPECT_EQ(ProblemOf("a{2,1000}"), "");
  EXPECT_EQ(ProblemOf(R"(\{12345\})"), "") << "an escaped brace is a character, not a count";
}

TEST(LinearRegexTest, ABackReferenceTooLongAPatternAndTooManyStatesAreRefusedWithTheReason) {
  EXPECT_EQ(ProblemOf(R"((a)\1)"), R"(has a back-reference (\1), which is not supported)");
  EXPECT_EQ(ProblemOf(R"((a)\99999999999999999999)"), R"(has a back-reference (\9), which is not supported)");
  // 50,000 nested groups overflowed the compiler's stack.
  EXPECT_EQ(ProblemOf(std::string(50000, '(') + "a" + std::string(50000, ')')),
            "is 100001 characters long; at most 1000");
  EXPECT_EQ(ProblemOf("((a{1000}){1000})"),
            "is too large to match: its repeats make more states than the matcher allows");
  EXPECT_EQ(ProblemOf("(unclosed").rfind("is not a valid regular expression: ", 0), 0u);
  EXPECT_EQ(ProblemOf("a)|(b").rfind("is not a valid regular expression: ", 0), 0u) << "not made valid by the wrap";
}

// A greedy group over a long line took a stack frame per character or more:
// 40 KB killed the agent. And a search that fails started again at every
// position: (x|y)*z over 20 KB took 14 s. A body or a pin file can be longer.
TEST(LinearRegexTest, ALongTextIsSearchedInOnePassWithoutExhaustingTheStack) {
  Result<UserRegex> version = UserRegex::Compile("version: (.*)", std::regex::multiline);
  ASSERT_TRUE(version.ok()) << version.error().message;
  std::string text = "name: squad\nversion: " + std::string(1 << 20, '9') + "\nend\n";
  std::smatch m;
  ASSERT_TRUE(version->Search(text, &m));
  EXPECT_EQ(m[1].length(), 1 << 20);
  EXPECT_EQ(m.position(1), 21);
  Result<UserRegex> alternation = UserRegex::Compile("(a|b)*c");
  ASSERT_TRUE(alternation.ok());
  EXPECT_FALSE(alternation->Search(std::string(1 << 20, 'a')));
  EXPECT_TRUE(alternation->Search(std::string(1 << 20, 'b') + "c"));
}

// The agent's own patterns, compiled with kLinearRegex, over long input.
TEST(LinearRegexTest, AFixedPatternOverALongTextMatchesWithoutExhaustingTheStack) {
  std::regex digits("[-+]?[0-9]+|0x[0-9a-fA-F]+", kLinearRegex);
  EXPECT_TRUE(std::regex_match(std::string(1 << 20, '7'), digits));
  EXPECT_FALSE(std::regex_match(std::string(1 << 20, '7') + "x", digits));
}

// std::regex_search, backtracking, is the oracle: on short texts the one pass
// finds the same match and the same groups.
TEST(LinearRegexTest, TheMatchAndItsGroupsAreThoseOfStdRegexSearch) {
  struct Case {
    const char* pattern;
    const char* text;
  };
  const Case cases[] = {
      {R"(^squad-(\d+(?:\.\d+){1,3}(?:-[0-9A-Za-z.-]+)?)$)", "squad-1.90.1-rc1"},
      {R"(^squad-(\d+(?:\.\d+){1,3})$)", "xsquad-1.90"},
      {"(a|ab)(c|bcd)(d*)", "abcd"},
      {"<(.*?)>", "<a><b>"},
      {"<(.*)>", "<a><b>"},
      {"(a*)(a*)", "aaa"},
      {"(a*?)(a*)", "aaa"},
      {R"((\d+))", "a12b345"},
      {R"(x(\d+)|y(\d+))", "zzy12x3"},
      {R"(\bv(\d+)\b)", "av1 v2"},
      {"(?=abc)(a)", "xabc"},
      {"(?!ab)(a.)", "abac"},
      {R"(__version__ = '([^']+)')", "x = 1\n__version__ = '1.90'\n"},
      {"^(b)", "a\nb"},
      {"(a)$", "a\nb"},
      {"()", "xyz"},
      {"(z)?", "xyz"},
      {"(q)", "xyz"},
  };
  for (const Case& c : cases) {
    for (std::regex::flag_type extra : {std::regex::flag_type(), std::regex::multiline}) {
      std::string text = c.text;
      std::smatch want, got;
      bool expected = std::regex_search(text, want, std::regex(c.pattern, std::regex::ECMAScript | extra));
      Result<UserRegex> r = UserRegex::Compile(c.pattern, extra);
      ASSERT_TRUE(r.ok()) << c.pattern;
      ASSERT_EQ(r->Search(text, &got), expected) << c.pattern << " on " << text;
      if (!expected) continue;
      ASSERT_EQ(got.size(), want.size()) << c.pattern;
      for (size_t i = 1; i < want.size(); ++i) {
        EXPECT_EQ(got[i].matched, want[i].matched) << c.pattern << " group " << i;
        if (want[i].matched) {
          EXPECT_EQ(got.position(i), want.position(i)) << c.pattern << " group " << i;
          EXPECT_EQ(got[i].str(), want[i].str()) << c.pattern << " group " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace qareports::util
