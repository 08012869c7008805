#include "api/service_account_tokens.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "storage/base64.h"

namespace qareports::emulator {

std::string ServiceAccountTokens::Issue(const IssuedToken& who, SimTime issued, const std::string& audience) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  auto epoch = [](SimTime t) { return duration_cast<seconds>(t.time_since_epoch()).count(); };
  nlohmann::json header = {{"alg", "RS256"}, {"kid", "emulator"}};
  nlohmann::json claims = {
      {"aud", {audience}},
      {"exp", epoch(who.expires)},
      {"iat", epoch(issued)},
      {"nbf", epoch(issued)},
      {"iss", "https://kubernetes.default.svc.cluster.local"},
      {"sub", "system:serviceaccount:" + who.ns + ":" + who.name},
      {"kubernetes.io", {{"namespace", who.ns}, {"serviceaccount", {{"name", who.name}, {"uid", who.uid}}}}}};
  unsigned char signature[32];
  RAND_bytes(signature, sizeof signature);
  std::string token = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump()) + "." +
                      Base64UrlEncode(std::string(reinterpret_cast<char*>(signature), sizeof signature));
  std::lock_guard<std::mutex> lock(mutex_);
  issued_[token] = who;
  return token;
}

std::optional<IssuedToken> ServiceAccountTokens::Find(const std::string& token, SimTime now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = issued_.find(token);
  if (it == issued_.end() || it->second.expires <= now) return std::nullopt;
  return it->second;
}

}  // namespace qareports::emulator
