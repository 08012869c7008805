#include "api/versions.h"

namespace qareports::emulator {

namespace {

json CpuMetric(int percent) {
  return {{"type", "Resource"},
          {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"},
                                                      {"averageUtilization", percent}}}}}};
}

int CpuPercent(const json& metrics, const char* field) {
  if (!metrics.is_array()) return -1;
  for (const auto& m : metrics)
    if (m.value("type", "") == "Resource" && m.contains("resource") &&
        m["resource"].value("name", "") == "cpu" && m["resource"].contains(field)) {
      const json& t = m["resource"][field];
      if (t.contains("averageUtilization")) return t["averageUtilization"].get<int>();
    }
  return -1;
}

}  // namespace

json ToServedVersion(const ResourceInfo& info, json o) {
  o["apiVersion"] = info.ApiVersion();
  o["kind"] = info.kind;
  if (info.kind == "HorizontalPodAutoscaler" && info.version == "v1") {
    if (o.contains("spec")) {
      int p = CpuPercent(o["spec"].value("metrics", json()), "target");
      o["spec"].erase("metrics");
      o["spec"].erase("behavior");
      if (p >= 0) o["spec"]["targetCPUUtilizationPercentage"] = p;
    }
    if (o.contains("status")) {
      json& s = o["status"];
      int c = CpuPercent(s.value("currentMetrics", json()), "current");
      s.erase("currentMetrics");
      s.erase("conditions");
      if (c >= 0) s["currentCPUUtilizationPercentage"] = c;
    }
  }
  return o;
}

json ToStoredVersion(const ResourceInfo& info, json o) {
  if (info.kind == "HorizontalPodAutoscaler") {
    o["apiVersion"] = "autoscaling/v2";
    if (info.version == "v1" && o.contains("spec") &&
        o["spec"].contains("targetCPUUtilizationPercentage")) {
      int p = o["spec"]["targetCPUUtilizationPercentage"].get<int>();
      o["spec"].erase("targetCPUUtilizationPercentage");
      o["spec"]["metrics"] = json::array({CpuMetric(p)});
    }
    // v2's default, whichever version the object came in: CPU at 80%.
    if (o.contains("spec") && o["spec"].is_object() &&
        (!o["spec"].contains("metrics") || o["spec"]["metrics"].is_null() || o["spec"]["metrics"].empty()))
      o["spec"]["metrics"] = json::array({CpuMetric(80)});
    return o;
  }
  o["apiVersion"] = info.ApiVersion();
  o["kind"] = info.kind;
  return o;
}

}  // namespace qareports::emulator
