#include "storage/schema.h"

namespace qareports::emulator {

namespace {

// Schema notation: "" a leaf (its type is checked by field_types.h), "map"
// a map of arbitrary keys, "any" an unvalidated subtree, "@name" a
// reference, {..} an object with these fields, [X] a list of X.
const char* kSchemas = R"({
"@meta": {"name":"","generateName":"","namespace":"","labels":"map","annotations":"map",
  "uid":"","resourceVersion":"","generation":"","creationTimestamp":"","deletionTimestamp":"",
  "deletionGracePeriodSeconds":"","ownerReferences":[{"apiVersion":"","kind":"","name":"",
  "uid":"","controller":"","blockOwnerDeletion":""}],"finalizers":"","managedFields":"any",
  "selfLink":""},
"@selector": {"matchLabels":"map","matchExpressions":[{"key":"","operator":"","values":""}]},
"@container": {"name":"","image":"","command":"","args":"","workingDir":"",
  "ports":[{"name":"","hostPort":"","containerPort":"","protocol":"","hostIP":""}],
  "envFrom":[{"prefix":"","configMapRef":{"name":"","optional":""},"secretRef":{"name":"","optional":""}}],
  "env":[{"name":"","value":"","valueFrom":"any"}],
  "resources":{"limits":"map","requests":"map","claims":"any"},"resizePolicy":"any",
  "restartPolicy":"","volumeMounts":[{"name":"","readOnly":"","recursiveReadOnly":"",
  "mountPath":"","subPath":"","mountPropagation":"","subPathExpr":""}],"volumeDevices":"any",
  "livenessProbe":"any","readinessProbe":"any","startupProbe":"any","lifecycle":"any",
  "terminationMessagePath":"","terminationMessagePolicy":"","imagePullPolicy":"",
  "securityContext":"any","stdin":"","stdinOnce":"","tty":""},
"@podspec": {"volumes":"any","initContainers":["@container"],"containers":["@container"],
  "ephemeralContainers":"any","restartPolicy":"","terminationGracePeriodSeconds":"",
  "activeDeadlineSeconds":"","dnsPolicy":"","nodeSelector":"map","serviceAccountName":"",
  "serviceAccount":"","automountServiceAccountToken":"","nodeName":"","hostNetwork":"",
  "hostPID":"","hostIPC":"","shareProcessNamespace":"","securityContext":"any",
  "imagePullSecrets":[{"name":""}],"hostname":"","subdomain":"","affinity":"any",
  "schedulerName":"","tolerations":"any","hostAliases":"any","priorityClassName":"",
  "priority":"","dnsConfig":"any","readinessGates":"any","runtimeClassName":"",
  "enableServiceLinks":"","preemptionPolicy":"","overhead":"any",
  "topologySpreadConstraints":"any","setHostnameAsFQDN":"","os":"any","hostUsers":"",
  "schedulingGates":"any","resourceClaims":"any"},
"@template": {"metadata":"@meta","spec":"@podspec"},
"Deployment": {"spec":{"replicas":"","selector":"@selector","template":"@template",
  "strategy":{"type":"","rollingUpdate":{"maxSurge":"","maxUnavailable":""}},
  "minReadySeconds":"","revisionHistoryLimit":"","paused":"","progressDeadlineSeconds":""},
  "status":"any"},
"ReplicaSet": {"spec":{"replicas":"","minReadySeconds":"","selector":"@selector",
  "template":"@template"},"status":"any"},
"Job": {"spec":{"parallelism":"","completions":"","activeDeadlineSeconds":"",
  "podFailurePolicy":"any","successPolicy":"any","backoffLimit":"","backoffLimitPerIndex":"",
  "maxFailedIndexes":"","selector":"@selector","manualSelector":"","template":"@template",
  "ttlSecondsAfterFinished":"","completionMode":"","suspend":"","podReplacementPolicy":"",
  "managedBy":""},"status":"any"},
"Pod": {"spec":"@podspec","status":"any"},
"Service": {"spec":{"ports":[{"name":"","protocol":"","appProtocol":"","port":"",
  "targetPort":"","nodePort":""}],"selector":"map","clusterIP":"","clusterIPs":"","type":"",
  "externalIPs":"","sessionAffinity":"","loadBalancerIP":"","loadBalancerSourceRanges":"",
  "externalName":"","externalTrafficPolicy":"","healthCheckNodePort":"",
  "publishNotReadyAddresses":"","sessionAffinityConfig":"any","ipFamilies":"",
  "ipFamilyPolicy":"","allocateLoadBalancerNodePorts":"","loadBalancerClass":"",
  "internalTrafficPolicy":"","trafficDistribution":""},"status":"any"},
"ConfigMap": {"data":"map","binaryData":"map","immutable":""},
"Secret": {"data":"map","stringData":"map","type":"","immutable":""},
"ServiceAccount": {"secrets":"any","imagePullSecrets":[{"name":""}],
  "automountServiceAccountToken":""},
"Namespace": {"spec":{"finalizers":""},"status":"any"},
"Event": {"involvedObject":"any","reason":"","message":"","source":"any","firstTimestamp":"",
  "lastTimestamp":"","count":"","type":"","eventTime":"","series":"any","action":"",
  "related":"any","reportingComponent":"","reportingInstance":""},
"Lease": {"spec":{"holderIdentity":"","leaseDurationSeconds":"","acquireTime":"",
  "renewTime":"","leaseTransitions":"","strategy":"","preferredHolder":""}},
"HorizontalPodAutoscaler/v1": {"spec":{"scaleTargetRef":{"apiVersion":"","kind":"","name":""},
  "minReplicas":"","maxReplicas":"","targetCPUUtilizationPercentage":""},"status":"any"},
"HorizontalPodAutoscaler/v2": {"spec":{"scaleTargetRef":{"apiVersion":"","kind":"","name":""},
  "minReplicas":"","maxReplicas":"","metrics":"any","behavior":"any"},"status":"any"}
})";

const json& Schemas() {
  static const json s = json::parse(kSchemas);
  return s;
}

const json& Resolve(const json& node) {
  if (node.is_string()) {
    const auto& s = node.get_ref<const std::string&>();
    if (!s.empty() && s[0] == '@') return Schemas().at(s);
  }
  return node;
}

void Walk(const json& schema_in, json& value, const std::string& path, bool drop,
          std::vector<std::string>* unknown) {
  const json& schema = Resolve(schema_in);
  if (schema.is_string()) return;  // "", "map", "any"
  if (schema.is_array()) {
    if (!value.is_array()) return;
    for (std::size_t i = 0; i < value.size(); ++i)
      Walk(schema[0], value[i], path + "[" + std::to_string(i) + "]", drop, unknown);
    return;
  }
  if (!value.is_object()) return;
  std::vector<std::string> to_drop;
  for (auto& [k, v] : value.items()) {
    std::string p = path.empty() ? k : path + "." + k;
    if (!schema.contains(k)) {
      unknown->push_back(p);
      to_drop.push_back(k);
      continue;
    }
    Walk(schema[k], v, p, drop, unknown);
  }
  if (drop)
    for (const auto& k : to_drop) value.erase(k);
}

}  // namespace

std::vector<std::string> UnknownFields(const std::string& api_version, const std::string& kind,
                                       json& object, bool drop) {
  std::vector<std::string> unknown;
  std::string key = kind;
  if (kind == "HorizontalPodAutoscaler")
    key += api_version == "autoscaling/v1" ? "/v1" : "/v2";
  if (!Schemas().contains(key)) return unknown;
  json top = Schemas()[key];
  top["apiVersion"] = "";
  top["kind"] = "";
  top["metadata"] = "@meta";
  Walk(top, object, "", drop, &unknown);
  return unknown;
}

}  // namespace qareports::emulator
