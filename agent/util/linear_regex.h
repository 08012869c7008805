// Regular expressions over text the agent did not write (manifests, the
// config, logs, a server's answers), matched in time and stack that grow
// with the text no faster than linearly.
//
// std::regex's default matcher backtracks by recursion, a stack frame or more
// per character: `[0-9]+` over a scalar of 50,000 digits, or `version: (.*)`
// over a line of 40 KB, overflows an 8 MB stack and kills the agent (no exit
// code, the lock left held); and `(a+)+b` takes exponential time. Compiled
// with libstdc++'s __polynomial flag (kLinearRegex) it matches breadth-first
// instead, with the same ECMAScript results: stack depth bounded by the
// pattern, time by pattern × text. What that matcher cannot do is
// back-references. Every std::regex of the agent is compiled with it.
//
// The user's own patterns (release.tag_pattern, squad.pin.regex, an http
// check's body_regex) are a UserRegex. std::regex_search starts again at
// every position, so even a linear matcher takes quadratic time on a search
// that fails (`(x|y)*z` over 20 KB of x: 14 s); a UserRegex is searched in one
// pass, as `[\s\S]*?(?:pattern)[\s\S]*` matched against the whole text. And
// the compiler has limits of its own, checked before it runs: it recurses on
// every group (50,000 nested groups overflow the stack), and it reads a
// repeat count into a `long` without checking for overflow
// (`a{22222222222222222222}` is undefined behaviour).
#pragma once

#include <regex>
#include <string>
#include <utility>

#include "util/result.h"

namespace qareports::util {

// ECMAScript, matched breadth-first: for every std::regex the agent builds.
inline constexpr std::regex::flag_type kLinearRegex = std::regex::ECMAScript | std::regex_constants::__polynomial;

inline constexpr size_t kMaxRegexLength = 1000;  // characters
inline constexpr long kMaxRegexRepeat = 1000;    // the largest n in {n}, {n,} or {n,m}

class UserRegex {
 public:
  // `pattern` compiled (ECMAScript, with `extra` flags such as
  // std::regex::multiline), or an InvalidInput error whose message says what
  // is wrong with it, for the caller to place (file, line, field).
  static Result<UserRegex> Compile(const std::string& pattern,
                                   std::regex::flag_type extra = std::regex::flag_type());

  // The pattern's capture groups.
  unsigned Groups() const { return groups_; }

  // Whether `text` has a match; the one std::regex_search finds (the leftmost,
  // and ECMAScript's choice there). `match`, when given, gets its capture
  // groups as std::regex_search would set them, numbered from 1; its [0] is the
  // whole text, not the match.
  bool Search(const std::string& text, std::smatch* match = nullptr) const;

 private:
  UserRegex(std::regex search, unsigned groups) : search_(std::move(search)), groups_(groups) {}

  std::regex search_;  // [\s\S]*?(?:pattern)[\s\S]*
  unsigned groups_;
};

}  // namespace qareports::util
