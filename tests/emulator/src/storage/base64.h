// Base64 as Secret data uses it (standard alphabet, padded).
#pragma once
#include <string>

namespace qareports::emulator {

std::string Base64Encode(const std::string& data);
// Returns false when `text` is not valid base64.
bool Base64Decode(const std::string& text, std::string* out);
// The URL alphabet without padding (Go's RawURLEncoding: continue tokens).
std::string Base64UrlEncode(const std::string& data);
bool Base64UrlDecode(const std::string& text, std::string* out);

}  // namespace qareports::emulator
