// Generated names and identifiers: uids, the 5-character suffixes of pod
// and generateName names, and the pod-template-hash of a template.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

std::string NewUid();
// Five characters from Kubernetes' alphabet "bcdfghjklmnpqrstvwxz2456789".
std::string RandomSuffix(int length = 5);
// FNV-32a of the template, encoded with the same alphabet, as
// pod-template-hash labels and ReplicaSet names use.
std::string TemplateHash(const nlohmann::json& pod_template);
// A lowercase RFC 1123 subdomain (what metadata.name must be).
bool IsDnsSubdomain(const std::string& name);

}  // namespace qareports::emulator
