#include "kube/watch_events.h"

#include "util/json_fields.h"

namespace qareports::kube {

bool WatchEvents::Feed(std::string_view data, const std::function<bool(const nlohmann::json&)>& on_event) {
  buffer_.append(data);
  size_t start = 0;
  for (size_t eol; (eol = buffer_.find('\n', start)) != std::string::npos; start = eol + 1) {
    nlohmann::json event = util::ParseJson(std::string_view(buffer_).substr(start, eol - start));
    if (event.is_object() && !on_event(event)) {
      buffer_.erase(0, eol + 1);
      return false;
    }
  }
  buffer_.erase(0, start);
  return true;
}

}  // namespace qareports::kube
