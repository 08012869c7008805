// Environment variables, behind an interface so that commands can be tested
// with a map. The real one is the only place in the agent that calls getenv.
#pragma once

#include <optional>
#include <string>

namespace qareports::sys {

class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value; nullopt when unset (an empty value is returned as "").
  virtual std::optional<std::string> Get(const std::string& name) const = 0;
};

class RealEnvironment : public Environment {
 public:
  std::optional<std::string> Get(const std::string& name) const override;
};

}  // namespace qareports::sys
