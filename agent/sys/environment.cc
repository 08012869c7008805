#include "sys/environment.h"

#include <cstdlib>

namespace qareports::sys {

std::optional<std::string> RealEnvironment::Get(const std::string& name) const {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace qareports::sys
