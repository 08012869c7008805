// Environment variables, behind an interface so that commands can be tested
// with a map. The real one is the only place in the agent that calls getenv.
#pragma once

#include <map>
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

// `base` with some variables given values (dev's generated secrets).
class OverlayEnvironment : public Environment {
 public:
  OverlayEnvironment(const Environment& base, std::map<std::string, std::string> values)
      : base_(base), values_(std::move(values)) {}
  std::optional<std::string> Get(const std::string& name) const override {
    auto it = values_.find(name);
    return it != values_.end() ? std::optional<std::string>(it->second) : base_.Get(name);
  }

 private:
  const Environment& base_;
  std::map<std::string, std::string> values_;
};

}  // namespace qareports::sys
