#include "util/json_fields.h"

#include <cstdint>
#include <limits>

namespace qareports::util {
namespace {

// Whether `text` opens more than kMaxJsonDepth arrays or objects at once,
// counting brackets outside strings.
bool TooDeep(std::string_view text) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

nlohmann::json ParseJson(std::string_view text, const nlohmann::json::parser_callback_t& callback) {
  if (TooDeep(text)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, callback, /*allow_exceptions=*/false);
}

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
