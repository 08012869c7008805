#include "storage/object_rules.h"

#include <atomic>

#include "api/api_error.h"
#include "storage/base64.h"
#include "storage/defaults.h"
#include "storage/names.h"
#include "storage/selectors.h"

namespace qareports::emulator {

namespace {

std::atomic<int> next_cluster_ip{10};
std::atomic<int> next_node_port{0};

// NodePort and LoadBalancer Services get a node port (30000-32767) for each
// port that has none, keeping the one `old` had for the same port.
void AllocateNodePorts(json& o, const json* old) {
  json& spec = o["spec"];
  std::string type = spec.value("type", "ClusterIP");
  if ((type != "NodePort" && type != "LoadBalancer") || !spec.contains("ports") || !spec["ports"].is_array()) return;
  for (auto& p : spec["ports"]) {
    if (!p.is_object() || p.contains("nodePort")) continue;
    if (old != nullptr)
      for (const auto& q : (*old)["spec"].value("ports", json::array()))
        if (q.value("port", json()) == p.value("port", json()) && q.contains("nodePort")) p["nodePort"] = q["nodePort"];
    if (!p.contains("nodePort")) p["nodePort"] = 30000 + (next_node_port++ * 7919 + 1234) % 2768;
  }
}

json ValidateServicePorts(const json& spec) {
  json causes = json::array();
  const json& ports = spec.value("ports", json::array());
  for (std::size_t i = 0; i < ports.size(); ++i) {
    std::string path = "spec.ports[" + std::to_string(i) + "]";
    const json& port = ports[i].value("port", json(0));
    if (!port.is_number_integer() || port.get<long>() < 1 || port.get<long>() > 65535)
      causes.push_back(InvalidCause(path + ".port", "FieldValueInvalid",
                                    "Invalid value: " + port.dump() + ": must be between 1 and 65535, inclusive"));
    if (ports[i].contains("nodePort")) {
      const json& np = ports[i]["nodePort"];
      if (!np.is_number_integer() || np.get<long>() < 30000 || np.get<long>() > 32767)
        causes.push_back(InvalidCause(path + ".nodePort", "FieldValueInvalid",
                                      "Invalid value: " + np.dump() +
                                          ": provided port is not in the valid range. The range of valid ports is 30000-32767"));
    }
  }
  return causes;
}

// As the API server's ValidateLeaseSpec: a duration above 0, transitions 0 or more.
json ValidateLeaseSpec(const json& spec) {
  json causes = json::array();
  auto check = [&](const char* field, long least, const char* must) {
    if (!spec.contains(field) || !spec[field].is_number_integer() || spec[field].get<long>() >= least) return;
    causes.push_back(InvalidCause(std::string("spec.") + field, "FieldValueInvalid",
                                  "Invalid value: " + spec[field].dump() + ": " + must));
  };
  check("leaseDurationSeconds", 1, "must be greater than 0");
  check("leaseTransitions", 0, "must be greater than or equal to 0");
  return causes;
}

std::string Name(const json& o) { return o["metadata"].value("name", ""); }

void FoldStringData(json& o) {
  if (!o.contains("stringData") || !o["stringData"].is_object()) return;
  if (!o.contains("data") || !o["data"].is_object()) o["data"] = json::object();
  for (auto& [k, v] : o["stringData"].items())
    o["data"][k] = Base64Encode(v.is_string() ? v.get<std::string>() : v.dump());
  o.erase("stringData");
}

json ValidateContainers(const json& spec, const std::string& path) {
  json causes = json::array();
  if (!spec.contains("containers") || !spec["containers"].is_array() || spec["containers"].empty()) {
    causes.push_back(InvalidCause(path + ".containers", "FieldValueRequired", "Required value"));
    return causes;
  }
  for (std::size_t i = 0; i < spec["containers"].size(); ++i) {
    const json& c = spec["containers"][i];
    std::string p = path + ".containers[" + std::to_string(i) + "]";
    // null decodes as "" (Required value).
    auto text = [&c](const char* key) {
      return c.is_object() && c.contains(key) && c[key].is_string() ? c[key].get<std::string>() : "";
    };
    if (text("name").empty())
      causes.push_back(InvalidCause(p + ".name", "FieldValueRequired", "Required value"));
    if (text("image").empty())
      causes.push_back(InvalidCause(p + ".image", "FieldValueRequired", "Required value"));
  }
  return causes;
}

json ValidateWorkload(const ResourceInfo& info, const json& o) {
  json causes = json::array();
  const json& spec = o["spec"];
  if (!spec.contains("selector") || !spec["selector"].is_object() || spec["selector"].empty()) {
    if (info.kind != "Job")
      causes.push_back(InvalidCause("spec.selector", "FieldValueRequired", "Required value"));
  } else if (spec.contains("template")) {
    json labels = spec["template"]["metadata"].value("labels", json::object());
    if (!FromLabelSelector(spec["selector"]).Matches(labels))
      causes.push_back(InvalidCause("spec.template.metadata.labels", "FieldValueInvalid",
                                    "Invalid value: " + labels.dump() +
                                        ": `selector` does not match template `labels`"));
  }
  if (!spec.contains("template")) {
    causes.push_back(InvalidCause("spec.template", "FieldValueRequired", "Required value"));
    return causes;
  }
  for (auto& c : ValidateContainers(spec["template"].value("spec", json::object()),
                                    "spec.template.spec"))
    causes.push_back(c);
  if (info.kind == "Job") {
    std::string rp = spec["template"]["spec"].value("restartPolicy", "");
    if (rp != "Never" && rp != "OnFailure")
      causes.push_back(InvalidCause("spec.template.spec.restartPolicy", "FieldValueNotSupported",
                                    "Unsupported value: \"" + rp +
                                        "\": supported values: \"OnFailure\", \"Never\""));
  }
  return causes;
}

void Validate(const ResourceInfo& info, const json& o) {
  json causes = json::array();
  std::string name = Name(o);
  if (!IsDnsSubdomain(name))
    causes.push_back(InvalidCause("metadata.name", "FieldValueInvalid",
                                  "Invalid value: \"" + name +
                                      "\": a lowercase RFC 1123 subdomain must consist of lower "
                                      "case alphanumeric characters, '-' or '.', and must start "
                                      "and end with an alphanumeric character"));
  if (info.kind == "Deployment" || info.kind == "ReplicaSet" || info.kind == "Job")
    for (auto& c : ValidateWorkload(info, o)) causes.push_back(c);
  if (info.kind == "Pod")
    for (auto& c : ValidateContainers(o["spec"], "spec")) causes.push_back(c);
  if (info.kind == "Service")
    for (auto& c : ValidateServicePorts(o["spec"])) causes.push_back(c);
  if (info.kind == "Lease")
    for (auto& c : ValidateLeaseSpec(o.value("spec", json::object()))) causes.push_back(c);
  if (info.kind == "HorizontalPodAutoscaler") {
    int max = o["spec"].value("maxReplicas", 0);
    if (max < 1 || max < o["spec"].value("minReplicas", 1))
      causes.push_back(InvalidCause("spec.maxReplicas", "FieldValueInvalid",
                                    "Invalid value: " + std::to_string(max) +
                                        ": must be greater than or equal to `minReplicas`"));
  }
  if (!causes.empty()) throw Invalid(info, name, causes);
}

void Immutable(const ResourceInfo& info, const json& o, const std::string& field,
               const json& value) {
  throw Invalid(info, Name(o), json::array({InvalidCause(
                                   field, "FieldValueInvalid",
                                   "Invalid value: " + value.dump() + ": field is immutable")}));
}

void CheckImmutable(const ResourceInfo& info, const json& old, json& o) {
  const json& os = old.value("spec", json::object());
  const json& ns = o.value("spec", json::object());
  if (info.kind == "StatefulSet") {
    json a = os, b = ns;
    for (json* s : {&a, &b})
      for (const char* k : {"replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                            "minReadySeconds"})
        s->erase(k);
    if (a != b)
      throw Invalid(info, Name(o), json::array({InvalidCause(
                                       "spec", "FieldValueForbidden",
                                       "Forbidden: updates to statefulset spec for fields other than 'replicas', "
                                       "'ordinals', 'template', 'updateStrategy', "
                                       "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")}));
  }
  if (info.kind == "Deployment" || info.kind == "ReplicaSet" || info.kind == "Job" || info.kind == "DaemonSet") {
    if (os.value("selector", json()) != ns.value("selector", json()))
      Immutable(info, o, "spec.selector", ns.value("selector", json()));
  }
  if (info.kind == "Job" && os.value("template", json()) != ns.value("template", json()))
    Immutable(info, o, "spec.template", ns.value("template", json()));
  if ((info.kind == "ConfigMap" || info.kind == "Secret") && old.value("immutable", false)) {
    if (old.value("data", json()) != o.value("data", json()) ||
        old.value("binaryData", json()) != o.value("binaryData", json()))
      throw Invalid(info, Name(o), json::array({InvalidCause("data", "FieldValueForbidden",
                                                             "Forbidden: field is immutable when `immutable` is set")}));
  }
  if (info.kind == "Service") {
    if (!ns.contains("clusterIP") && os.contains("clusterIP")) {
      o["spec"]["clusterIP"] = os["clusterIP"];
      o["spec"]["clusterIPs"] = os.value("clusterIPs", json::array({os["clusterIP"]}));
    } else if (os.contains("clusterIP") && ns.value("clusterIP", json()) != os["clusterIP"]) {
      throw Invalid(info, Name(o), json::array({InvalidCause(
                                       "spec.clusterIPs[0]", "FieldValueInvalid",
                                       "Invalid value: " + json::array({ns.value("clusterIP", json())}).dump() +
                                           ": may not change once set")}));
    }
  }
  if (info.kind == "Pod") {
    json a = os, b = ns;
    for (json* s : {&a, &b}) {
      if (s->contains("containers"))
        for (auto& c : (*s)["containers"]) c.erase("image");
      s->erase("activeDeadlineSeconds");
      s->erase("tolerations");
      s->erase("nodeName");
    }
    if (a != b)
      throw Invalid(info, Name(o), json::array({InvalidCause(
                                       "spec", "FieldValueForbidden",
                                       "Forbidden: pod updates may not change fields other than "
                                       "`spec.containers[*].image`, "
                                       "`spec.activeDeadlineSeconds` or `spec.tolerations` "
                                       "(only additions to existing tolerations)")}));
  }
}

}  // namespace

void DefaultObject(const ResourceInfo& info, json& object) {
  std::string bad;
  ApplyDefaults(info.kind, object, &bad);
  if (!bad.empty())
    throw Invalid(info, Name(object),
                  json::array({InvalidCause(bad, "FieldValueInvalid",
                                            "Invalid value: quantities must match the regular "
                                            "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")}));
}

void PrepareCreate(const ResourceInfo& info, json& o, const std::string& now) {
  json& m = o["metadata"];
  m["uid"] = NewUid();
  m["creationTimestamp"] = now;
  m.erase("resourceVersion");
  m.erase("deletionTimestamp");
  m.erase("selfLink");
  if (info.has_generation) m["generation"] = 1;
  else m.erase("generation");
  if (info.HasSubresource("status") && info.kind != "Namespace") o.erase("status");
  if (info.kind == "Secret") FoldStringData(o);
  if (info.kind == "Namespace") {
    m["labels"]["kubernetes.io/metadata.name"] = Name(o);
    o["spec"] = {{"finalizers", json::array({"kubernetes"})}};
    o["status"] = {{"phase", "Active"}};
  }
  if (info.kind == "Service") {
    json& s = o["spec"];
    if (s.value("type", "ClusterIP") != "ExternalName" && !s.contains("clusterIP")) {
      int n = next_cluster_ip++;
      std::string ip = "10.96." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
      s["clusterIP"] = ip;
      s["clusterIPs"] = json::array({ip});
    }
    AllocateNodePorts(o, nullptr);
    o["status"] = {{"loadBalancer", json::object()}};
  }
  if (info.kind == "Job" && !o["spec"].value("manualSelector", false)) {
    std::string uid = m["uid"];
    o["spec"]["selector"] = {{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}};
    json& labels = o["spec"]["template"]["metadata"]["labels"];
    labels["batch.kubernetes.io/controller-uid"] = uid;
    labels["batch.kubernetes.io/job-name"] = Name(o);
    labels["controller-uid"] = uid;
    labels["job-name"] = Name(o);
  }
  DefaultObject(info, o);
  if (info.HasSubresource("status") && info.kind != "Namespace") o["status"] = InitialStatus(info.kind, o);
  Validate(info, o);
}

void PrepareUpdate(const ResourceInfo& info, const json& old, json& o, bool status_only) {
  if (status_only) {
    json status = o.value("status", json());
    o = old;
    if (status.is_null()) o.erase("status");
    else o["status"] = status;
    return;
  }
  json& m = o["metadata"];
  const json& om = old["metadata"];
  for (const char* k : {"uid", "creationTimestamp", "deletionTimestamp", "generation"}) {
    if (om.contains(k)) m[k] = om[k];
    else m.erase(k);
  }
  if (info.HasSubresource("status") && info.kind != "Namespace") {
    if (old.contains("status")) o["status"] = old["status"];
    else o.erase("status");
  }
  if (info.kind == "Namespace") {
    o["spec"] = old.value("spec", json::object());
    o["status"] = old.value("status", json::object());
  }
  if (info.kind == "Secret") FoldStringData(o);
  if (info.kind == "Service") AllocateNodePorts(o, &old);
  DefaultObject(info, o);
  Validate(info, o);
  CheckImmutable(info, old, o);
  if (info.has_generation && old.value("spec", json()) != o.value("spec", json()))
    m["generation"] = om.value("generation", 1) + 1;
}

}  // namespace qareports::emulator
