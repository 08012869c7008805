#include "storage/base64.h"

#include <openssl/evp.h>

#include <vector>

namespace qareports::emulator {

std::string Base64Encode(const std::string& data) {
  std::vector<unsigned char> out(4 * ((data.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  return std::string(reinterpret_cast<char*>(out.data()), static_cast<std::size_t>(n));
}

bool Base64Decode(const std::string& text, std::string* out) {
  if (text.size() % 4 != 0) return false;
  if (text.empty()) {
    out->clear();
    return true;
  }
  std::vector<unsigned char> buf(text.size());
  int n = EVP_DecodeBlock(buf.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  std::size_t pad = 0;
  if (text.size() >= 1 && text[text.size() - 1] == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  out->assign(reinterpret_cast<char*>(buf.data()), static_cast<std::size_t>(n) - pad);
  return true;
}

std::string Base64UrlEncode(const std::string& data) {
  std::string text = Base64Encode(data);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (auto& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

bool Base64UrlDecode(const std::string& text, std::string* out) {
  std::string standard = text;
  for (auto& c : standard) {
    if (c == '+' || c == '/' || c == '=') return false;
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  while (standard.size() % 4 != 0) standard += '=';
  return Base64Decode(standard, out);
}

}  // namespace qareports::emulator
