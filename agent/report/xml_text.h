// Makes any bytes safe as XML 1.0 text: valid UTF-8 passes unchanged; invalid
// sequences and characters XML forbids (most control characters, U+FFFE,
// U+FFFF) become visible escapes such as \x07. Pure.
#pragma once

#include <string>
#include <string_view>

namespace qareports::report {

std::string XmlSafeText(std::string_view bytes);

}  // namespace qareports::report
