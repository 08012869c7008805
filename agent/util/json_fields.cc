#include "util/json_fields.h"

#include <cstdint>
#include <limits>

namespace qareports::util {

const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

long IntegerField(const nlohmann::json& object, const char* key, long fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return fallback;
  if (it->is_number_unsigned()) {
    auto u = it->get<std::uint64_t>();
    return u <= static_cast<std::uint64_t>(std::numeric_limits<long>::max()) ? static_cast<long>(u) : fallback;
  }
  return it->get<long>();
}

}  // namespace qareports::util
