// Placeholders in manifest text: ${name} takes an environment value,
// ${secret:KEY} a secret (only inside a Secret's stringData), $${ writes a
// literal "${". Pure: values and secrets are passed in.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace qareports::manifest {

struct Substitution {
  std::string text;
  bool whole_value = false;        // the scalar was exactly one ${name} placeholder
  std::vector<std::string> secrets;  // the secret keys it used
};

// Looks a secret key up; nullopt when it cannot be had (the caller records why).
using SecretLookup = std::function<std::optional<std::string>(const std::string& key)>;

// InvalidInput (message only) naming an unresolved or malformed placeholder,
// or a secret placeholder where `secrets_allowed` is false.
Result<Substitution> Substitute(const std::string& text, const std::map<std::string, std::string>& values,
                                bool secrets_allowed, const SecretLookup& secret);

}  // namespace qareports::manifest
