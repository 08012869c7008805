// Where the SQUAD version pin lives in a file, and reading it from the file's
// text: a YAML key path ("squad.version") or a regular expression with one
// capture group. Pure: the caller supplies the text.
#pragma once

#include <optional>
#include <string>

#include "util/result.h"

namespace qareports::version {

struct PinSpec {
  std::string file;   // relative to the repository root
  std::string key;    // dotted YAML key path, or empty
  std::string regex;  // ECMAScript regex with one capture group, or empty
};

struct PinValue {
  std::string text;   // the version text as written
  size_t offset = 0;  // where the text starts in the file
  int line = 0;       // 1-based line of the text
};

// The pin, or nullopt when the file does not hold it (the key or the match is
// absent). InvalidInput when the file is not YAML or the value is not a scalar.
Result<std::optional<PinValue>> ReadPin(const std::string& content, const PinSpec& spec);

// The content with the pin's text removed, so that two revisions of the file
// can be compared for changes other than the pin itself.
std::string WithoutPin(const std::string& content, const std::optional<PinValue>& pin);

}  // namespace qareports::version
