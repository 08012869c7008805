// Tokens issued by the TokenRequest subresource (`kubectl create token`):
// JWT-shaped, bound to a ServiceAccount's uid, valid until they expire on
// the simulated clock. The emulator signs nothing; it knows the tokens it
// issued. Thread-safe; touches nothing but memory.
#pragma once
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "controllers/sim_clock.h"

namespace qareports::emulator {

struct IssuedToken {
  std::string ns, name, uid;  // the ServiceAccount's
  SimTime expires;
};

class ServiceAccountTokens {
 public:
  // A new token for the account, expiring at `expires`.
  std::string Issue(const IssuedToken& who, SimTime issued, const std::string& audience);
  // Whom `token` was issued to, when it was issued here and has not expired at `now`.
  std::optional<IssuedToken> Find(const std::string& token, SimTime now) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, IssuedToken> issued_;
};

}  // namespace qareports::emulator
