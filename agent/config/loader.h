// Loads pipelines/environments.yml into a validated Config: wrong types,
// missing fields, unknown keys and unresolvable references are all reported,
// each as file:line:column: field: what is wrong. Reads the file system.
#pragma once

#include <string>

#include "config/config.h"
#include "sys/file_system.h"
#include "util/result.h"

namespace qareports::config {

// InvalidInput listing every problem (the first as the error's place and
// field); Unavailable when the file cannot be read.
Result<Config> Load(const std::string& path, const sys::FileSystem& fs);

// As Load, from text already read (`path` names it in errors).
Result<Config> Parse(const std::string& text, const std::string& path, const sys::FileSystem& fs);

}  // namespace qareports::config
