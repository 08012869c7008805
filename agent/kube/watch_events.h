// A watch stream split into its events (one JSON `{"type","object"}` per
// line), however its bytes arrive. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace qareports::kube {

class WatchEvents {
 public:
  // Calls on_event for each complete event in order (lines that are not a
  // JSON object are skipped) until it returns false; returns false then.
  bool Feed(std::string_view data, const std::function<bool(const nlohmann::json&)>& on_event);

 private:
  std::string buffer_;
};

}  // namespace qareports::kube
