// Writing a file so that readers see the old content or the new, never a
// part: a temporary file beside it, then a rename. Touches the file system.
#pragma once

#include <string>

namespace qareports::emulator {

// False (with *error set) when the file cannot be written.
bool WriteFileAtomically(const std::string& path, const std::string& content, std::string* error);

}  // namespace qareports::emulator
