// Base64 (RFC 4648, standard alphabet) for kubeconfig data fields and Secret
// data. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qareports::util {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not base64 (whitespace and newlines are skipped).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace qareports::util
