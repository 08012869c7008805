#include "storage/defaults.h"

#include "storage/quantity.h"

namespace qareports::emulator {

namespace {

void SetIfMissing(json& o, const char* key, const json& value) {
  if (!o.contains(key) || o[key].is_null()) o[key] = value;
}

std::string ImageTag(const std::string& image) {
  auto at = image.find('@');
  if (at != std::string::npos) return "@";
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";
  return image.substr(colon + 1);
}

void DefaultProbe(json& p) {
  if (!p.is_object()) return;
  SetIfMissing(p, "timeoutSeconds", 1);
  SetIfMissing(p, "periodSeconds", 10);
  SetIfMissing(p, "successThreshold", 1);
  SetIfMissing(p, "failureThreshold", 3);
  if (p.contains("httpGet") && p["httpGet"].is_object()) SetIfMissing(p["httpGet"], "scheme", "HTTP");
}

void DefaultContainer(json& c, std::string* bad) {
  SetIfMissing(c, "terminationMessagePath", "/dev/termination-log");
  SetIfMissing(c, "terminationMessagePolicy", "File");
  if (!c.contains("imagePullPolicy")) {
    std::string tag = ImageTag(c.value("image", ""));
    c["imagePullPolicy"] = (tag.empty() || tag == "latest") ? "Always" : "IfNotPresent";
  }
  SetIfMissing(c, "resources", json::object());
  for (const char* k : {"requests", "limits"}) {
    if (c["resources"].contains(k)) {
      std::string b;
      CanonicaliseQuantityMap(c["resources"][k], &b);
      if (!b.empty() && bad->empty()) *bad = std::string("resources.") + k + "." + b;
    }
  }
  if (c.contains("ports") && c["ports"].is_array())
    for (auto& p : c["ports"]) SetIfMissing(p, "protocol", "TCP");
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"})
    if (c.contains(probe)) DefaultProbe(c[probe]);
  if (c.contains("env") && c["env"].is_array())
    for (auto& e : c["env"])
      if (e.contains("valueFrom") && e["valueFrom"].contains("fieldRef"))
        SetIfMissing(e["valueFrom"]["fieldRef"], "apiVersion", "v1");
}

void DefaultVolume(json& v) {
  if (v.is_object() && v.size() == 1 && v.contains("name")) v["emptyDir"] = json::object();
  for (const char* src : {"configMap", "secret"})
    if (v.contains(src) && v[src].is_object()) SetIfMissing(v[src], "defaultMode", 420);
}

void DefaultTemplate(json& t, std::string* bad) {
  if (!t.is_object()) return;
  if (!t.contains("metadata")) t["metadata"] = json::object();
  SetIfMissing(t["metadata"], "creationTimestamp", nullptr);
  if (!t.contains("spec")) t["spec"] = json::object();
  DefaultPodSpec(t["spec"], bad);
}

void DefaultDeployment(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "replicas", 1);
  SetIfMissing(s, "revisionHistoryLimit", 10);
  SetIfMissing(s, "progressDeadlineSeconds", 600);
  if (!s.contains("strategy")) s["strategy"] = json::object();
  SetIfMissing(s["strategy"], "type", "RollingUpdate");
  if (s["strategy"]["type"] == "RollingUpdate") {
    if (!s["strategy"].contains("rollingUpdate")) s["strategy"]["rollingUpdate"] = json::object();
    SetIfMissing(s["strategy"]["rollingUpdate"], "maxSurge", "25%");
    SetIfMissing(s["strategy"]["rollingUpdate"], "maxUnavailable", "25%");
  }
  if (s.contains("template")) DefaultTemplate(s["template"], bad);
}

void DefaultJob(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "parallelism", 1);
  SetIfMissing(s, "completions", 1);
  SetIfMissing(s, "backoffLimit", 6);
  SetIfMissing(s, "completionMode", "NonIndexed");
  SetIfMissing(s, "suspend", false);
  SetIfMissing(s, "manualSelector", nullptr);
  if (s["manualSelector"].is_null()) s.erase("manualSelector");
  SetIfMissing(s, "podReplacementPolicy", "TerminatingOrFailed");
  if (s.contains("template")) DefaultTemplate(s["template"], bad);
}

void DefaultStatefulSet(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "replicas", 1);
  SetIfMissing(s, "podManagementPolicy", "OrderedReady");
  SetIfMissing(s, "revisionHistoryLimit", 10);
  if (!s.contains("updateStrategy")) s["updateStrategy"] = json::object();
  SetIfMissing(s["updateStrategy"], "type", "RollingUpdate");
  if (s["updateStrategy"]["type"] == "RollingUpdate") {
    if (!s["updateStrategy"].contains("rollingUpdate")) s["updateStrategy"]["rollingUpdate"] = json::object();
    SetIfMissing(s["updateStrategy"]["rollingUpdate"], "partition", 0);
  }
  if (!s.contains("persistentVolumeClaimRetentionPolicy"))
    s["persistentVolumeClaimRetentionPolicy"] = {{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}};
  if (s.contains("template")) DefaultTemplate(s["template"], bad);
}

void DefaultDaemonSet(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "revisionHistoryLimit", 10);
  if (!s.contains("updateStrategy")) s["updateStrategy"] = json::object();
  SetIfMissing(s["updateStrategy"], "type", "RollingUpdate");
  if (s["updateStrategy"]["type"] == "RollingUpdate") {
    if (!s["updateStrategy"].contains("rollingUpdate")) s["updateStrategy"]["rollingUpdate"] = json::object();
    SetIfMissing(s["updateStrategy"]["rollingUpdate"], "maxUnavailable", 1);
    SetIfMissing(s["updateStrategy"]["rollingUpdate"], "maxSurge", 0);
  }
  if (s.contains("template")) DefaultTemplate(s["template"], bad);
}

void DefaultCronJob(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "concurrencyPolicy", "Allow");
  SetIfMissing(s, "suspend", false);
  SetIfMissing(s, "successfulJobsHistoryLimit", 3);
  SetIfMissing(s, "failedJobsHistoryLimit", 1);
  if (s.contains("jobTemplate") && s["jobTemplate"].is_object()) {
    json& t = s["jobTemplate"];
    if (!t.contains("metadata")) t["metadata"] = json::object();
    SetIfMissing(t["metadata"], "creationTimestamp", nullptr);
    if (t.contains("spec") && t["spec"].is_object() && t["spec"].contains("template"))
      DefaultTemplate(t["spec"]["template"], bad);
  }
}

void DefaultReplicationController(json& o, std::string* bad) {
  json& s = o["spec"];
  SetIfMissing(s, "replicas", 1);
  if (s.contains("template") && s["template"].is_object()) {
    const json& labels = s["template"].value("metadata", json::object()).value("labels", json());
    if (labels.is_object()) SetIfMissing(s, "selector", labels);
    DefaultTemplate(s["template"], bad);
  }
}

void DefaultService(json& o) {
  json& s = o["spec"];
  SetIfMissing(s, "type", "ClusterIP");
  SetIfMissing(s, "sessionAffinity", "None");
  if (s["type"] == "NodePort" || s["type"] == "LoadBalancer") SetIfMissing(s, "externalTrafficPolicy", "Cluster");
  if (s["type"] == "LoadBalancer") SetIfMissing(s, "allocateLoadBalancerNodePorts", true);
  if (s["type"] != "ExternalName") {
    SetIfMissing(s, "ipFamilies", json::array({"IPv4"}));
    SetIfMissing(s, "ipFamilyPolicy", "SingleStack");
    SetIfMissing(s, "internalTrafficPolicy", "Cluster");
  }
  if (s.contains("ports") && s["ports"].is_array())
    for (auto& p : s["ports"]) {
      SetIfMissing(p, "protocol", "TCP");
      if (p.contains("port")) SetIfMissing(p, "targetPort", p["port"]);
    }
}

void DefaultHpa(json& o) {
  json& s = o["spec"];
  SetIfMissing(s, "minReplicas", 1);
}

}  // namespace

void DefaultPodSpec(json& spec, std::string* bad) {
  SetIfMissing(spec, "restartPolicy", "Always");
  SetIfMissing(spec, "terminationGracePeriodSeconds", 30);
  SetIfMissing(spec, "dnsPolicy", "ClusterFirst");
  SetIfMissing(spec, "schedulerName", "default-scheduler");
  SetIfMissing(spec, "securityContext", json::object());
  if (spec.contains("serviceAccountName")) SetIfMissing(spec, "serviceAccount", spec["serviceAccountName"]);
  for (const char* list : {"containers", "initContainers"})
    if (spec.contains(list) && spec[list].is_array())
      for (auto& c : spec[list]) DefaultContainer(c, bad);
  if (spec.contains("volumes") && spec["volumes"].is_array())
    for (auto& v : spec["volumes"]) DefaultVolume(v);
}

void ApplyDefaults(const std::string& kind, json& o, std::string* bad) {
  bad->clear();
  if (!o.contains("metadata") || !o["metadata"].is_object()) o["metadata"] = json::object();
  if (kind == "Deployment" || kind == "ReplicaSet" || kind == "Job" || kind == "Service" ||
      kind == "HorizontalPodAutoscaler" || kind == "Pod" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "CronJob" || kind == "ReplicationController") {
    if (!o.contains("spec") || !o["spec"].is_object()) o["spec"] = json::object();
  }
  if (kind == "Deployment") DefaultDeployment(o, bad);
  if (kind == "ReplicaSet") {
    SetIfMissing(o["spec"], "replicas", 1);
    if (o["spec"].contains("template")) DefaultTemplate(o["spec"]["template"], bad);
  }
  if (kind == "Job") DefaultJob(o, bad);
  if (kind == "Pod") {
    DefaultPodSpec(o["spec"], bad);
    SetIfMissing(o["spec"], "enableServiceLinks", true);
    SetIfMissing(o["spec"], "preemptionPolicy", "PreemptLowerPriority");
    SetIfMissing(o["spec"], "priority", 0);
    SetIfMissing(o["spec"], "serviceAccountName", "default");
    SetIfMissing(o["spec"], "serviceAccount", o["spec"]["serviceAccountName"]);
  }
  if (kind == "StatefulSet") DefaultStatefulSet(o, bad);
  if (kind == "DaemonSet") DefaultDaemonSet(o, bad);
  if (kind == "CronJob") DefaultCronJob(o, bad);
  if (kind == "ReplicationController") DefaultReplicationController(o, bad);
  if (kind == "PriorityClass") SetIfMissing(o, "preemptionPolicy", "PreemptLowerPriority");
  if (kind == "PersistentVolumeClaim" && o.contains("spec") && o["spec"].is_object())
    SetIfMissing(o["spec"], "volumeMode", "Filesystem");
  if (kind == "Service") DefaultService(o);
  if (kind == "HorizontalPodAutoscaler") DefaultHpa(o);
  if (kind == "Secret") {
    SetIfMissing(o, "type", "Opaque");
  }
}

std::string PodQosClass(const json& spec) {
  bool any = false, guaranteed = true;
  for (const auto& c : spec.value("containers", json::array())) {
    json r = c.value("resources", json::object());
    json req = r.value("requests", json::object()), lim = r.value("limits", json::object());
    if (!req.empty() || !lim.empty()) any = true;
    for (const char* k : {"cpu", "memory"})
      if (!lim.contains(k) || (req.contains(k) && req[k] != lim[k])) guaranteed = false;
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

json InitialStatus(const std::string& kind, const json& object) {
  if (kind == "Pod") return {{"phase", "Pending"}, {"qosClass", PodQosClass(object.value("spec", json::object()))}};
  if (kind == "ReplicaSet") return {{"replicas", 0}};
  if (kind == "HorizontalPodAutoscaler") return {{"currentMetrics", nullptr}, {"desiredReplicas", 0}};
  if (kind == "ReplicationController") return {{"replicas", 0}};
  if (kind == "StatefulSet") return {{"availableReplicas", 0}, {"replicas", 0}};
  if (kind == "DaemonSet")
    return {{"currentNumberScheduled", 0}, {"desiredNumberScheduled", 0}, {"numberMisscheduled", 0},
            {"numberReady", 0}};
  if (kind == "PodDisruptionBudget")
    return {{"currentHealthy", 0}, {"desiredHealthy", 0}, {"disruptionsAllowed", 0}, {"expectedPods", 0}};
  if (kind == "PersistentVolumeClaim") return {{"phase", "Pending"}};
  if (kind == "Ingress") return {{"loadBalancer", json::object()}};
  return json::object();
}

}  // namespace qareports::emulator
