// Server-side defaulting: the fields a real API server fills in
// (KUBERNETES.md B7) and quantity canonicalisation, so that live objects
// look as they would on a real cluster. Pure functions on JSON.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

using json = nlohmann::json;

// Applies the defaults of `kind` to `object` in place. Returns the path of
// a malformed quantity in *bad_quantity (empty when none).
void ApplyDefaults(const std::string& kind, json& object, std::string* bad_quantity);
void DefaultPodSpec(json& spec, std::string* bad_quantity);

// A pod's QoS class from its containers' requests and limits: BestEffort,
// Burstable or Guaranteed.
std::string PodQosClass(const json& spec);
// The status a real server gives a new object of `kind` with a status
// subresource: {} (Deployment, Job), {replicas: 0} (ReplicaSet), a Pending
// phase with its QoS class (Pod), no metrics yet (HorizontalPodAutoscaler).
json InitialStatus(const std::string& kind, const json& object);

}  // namespace qareports::emulator
