#include "storage/json_depth.h"

#include <utility>
#include <vector>

namespace qareports::emulator {

bool NestsDeeperThan(const nlohmann::json& value, std::size_t limit) {
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (!v->is_structured()) continue;
    if (depth + 1 > limit) return true;
    for (const auto& child : *v)
      if (child.is_structured()) pending.emplace_back(&child, depth + 1);
  }
  return false;
}

}  // namespace qareports::emulator
