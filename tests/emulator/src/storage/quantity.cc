#include "storage/quantity.h"

#include <cctype>

namespace qareports::emulator {

using int128 = __int128;

namespace {

// Value in units of 10^-9 (nano), exact for every quantity we accept.
struct Parsed {
  int128 nanos = 0;
  bool binary = false;
};

bool Pow(int128 base, int exp, int128* out) {
  int128 r = 1;
  for (int i = 0; i < exp; ++i) {
    r *= base;
    if (r > (int128)1 << 100) return false;
  }
  *out = r;
  return true;
}

// Multiplies *num by 10^exp (exp may be negative); false when inexact or
// too large.
bool ScaleBy10(int128* num, int exp) {
  int128 f = 0;
  if (exp >= 0) {
    if (!Pow(10, exp, &f)) return false;
    *num *= f;
    return true;
  }
  if (!Pow(10, -exp, &f) || *num % f != 0) return false;
  *num /= f;
  return true;
}

// Applies a suffix ("m", "Ki", "e3", "") to a value in nanos.
bool ApplySuffix(const std::string& suffix, int128* num, bool* binary) {
  static const char* dec[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  static const char* bin[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  for (int k = 0; k < 10; ++k)
    if (suffix == dec[k]) return ScaleBy10(num, (k - 3) * 3);
  for (int k = 0; k < 6; ++k)
    if (suffix == bin[k]) {
      int128 f = 0;
      if (!Pow(1024, k + 1, &f)) return false;
      *num *= f;
      *binary = true;
      return true;
    }
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
  int exp = 0;
  try {
    exp = std::stoi(suffix.substr(1));
  } catch (...) {
    return false;
  }
  return exp > -30 && exp < 30 && ScaleBy10(num, exp);
}

bool Parse(const std::string& text, Parsed* p) {
  std::size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
  int128 mant = 0;
  int frac_digits = 0;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits = true;
      if (mant > (int128)1 << 90) return false;
      mant = mant * 10 + (c - '0');
      if (dot) ++frac_digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!digits || frac_digits > 9) return false;
  int128 num = mant;  // in nanos once scaled by 10^(9 - frac_digits)
  if (!ScaleBy10(&num, 9 - frac_digits)) return false;
  if (!ApplySuffix(text.substr(i), &num, &p->binary)) return false;
  p->nanos = neg ? -num : num;
  return true;
}

std::string ToString(int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  if (neg) v = -v;
  std::string s;
  while (v > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return neg ? "-" + s : s;
}

}  // namespace

bool CanonicalQuantity(const std::string& text, std::string* out) {
  Parsed p;
  if (!Parse(text, &p)) return false;
  const int128 billion = 1000000000;
  int128 v = p.nanos;
  if (v == 0) {
    *out = "0";
    return true;
  }
  int128 absv = v < 0 ? -v : v;
  if (p.binary && absv % billion == 0 && absv / billion >= 1024) {
    int128 whole = v / billion;
    static const char* bin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    int k = 0;
    while (k < 6 && whole % 1024 == 0) {
      whole /= 1024;
      ++k;
    }
    *out = ToString(whole) + bin[k];
    return true;
  }
  static const char* dec[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  int k = 0;
  while (k < 9 && v % 1000 == 0) {
    v /= 1000;
    ++k;
  }
  *out = ToString(v) + dec[k];
  return true;
}

void CanonicaliseQuantityMap(nlohmann::json& map, std::string* bad) {
  bad->clear();
  if (!map.is_object()) return;
  for (auto& [k, v] : map.items()) {
    std::string text = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
    std::string canon;
    if (!CanonicalQuantity(text, &canon)) {
      if (bad->empty()) *bad = k;
      continue;
    }
    v = canon;
  }
}

}  // namespace qareports::emulator
