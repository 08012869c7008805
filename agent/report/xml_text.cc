#include "report/xml_text.h"

#include <cstdint>
#include <cstdio>

#include "util/utf8.h"

namespace qareports::report {
namespace {

bool AllowedInXml(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

std::string XmlSafeText(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  char escape[16];
  for (size_t i = 0; i < bytes.size();) {
    uint32_t cp = 0;
    size_t len = util::DecodeUtf8(bytes, i, cp);
    if (len == 0) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned char>(bytes[i]));
      out += escape;
      ++i;
    } else if (!AllowedInXml(cp)) {
      std::snprintf(escape, sizeof escape, cp < 0x100 ? "\\x%02X" : "\\u%04X", cp);
      out += escape;
      i += len;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace qareports::report
