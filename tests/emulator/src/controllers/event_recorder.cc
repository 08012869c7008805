#include "controllers/event_recorder.h"

#include <cstdio>

#include "storage/names.h"

namespace qareports::emulator {

void EventRecorder::Record(const json& involved, const std::string& type,
                           const std::string& reason, const std::string& message,
                           const std::string& component, const std::string& field_path) {
  const json& m = involved["metadata"];
  std::string ns = m.value("namespace", "default");
  std::string uid = m.value("uid", "");
  std::string key = uid + "\n" + reason + "\n" + message;
  std::string now = FormatTime(clock_.Now());
  auto it = names_.find(key);
  if (it != names_.end()) {
    if (const json* existing = store_.Get("events", ns, it->second)) {
      json e = *existing;
      e["count"] = e.value("count", 1) + 1;
      e["lastTimestamp"] = now;
      store_.Put("events", e);
      return;
    }
  }
  // Real event names end in the hex UnixNano of their creation, so they
  // sort by creation; keep them strictly increasing.
  auto nanos = static_cast<unsigned long long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.Now().time_since_epoch()).count());
  if (nanos <= last_nanos_) nanos = last_nanos_ + 1;
  last_nanos_ = nanos;
  char hex[20];
  std::snprintf(hex, sizeof hex, "%llx", nanos);
  std::string name = m.value("name", "") + "." + hex;
  json involved_ref = {{"kind", involved.value("kind", "")}, {"namespace", ns},
                       {"name", m.value("name", "")}, {"uid", uid},
                       {"apiVersion", involved.value("apiVersion", "")},
                       {"resourceVersion", m.value("resourceVersion", "")}};
  if (!field_path.empty()) involved_ref["fieldPath"] = field_path;
  json e = {{"apiVersion", "v1"}, {"kind", "Event"},
            {"metadata", {{"name", name}, {"namespace", ns}, {"uid", NewUid()},
                          {"creationTimestamp", now}}},
            {"involvedObject", involved_ref}, {"reason", reason}, {"message", message},
            {"source", {{"component", component}}}, {"firstTimestamp", now},
            {"lastTimestamp", now}, {"count", 1}, {"type", type}, {"eventTime", nullptr},
            {"reportingComponent", component}, {"reportingInstance", ""}};
  if (component == "kubelet") {
    e["source"]["host"] = "emulator-node";
    e["reportingInstance"] = "emulator-node";
  }
  store_.Put("events", e);
  names_[key] = name;
}

}  // namespace qareports::emulator
