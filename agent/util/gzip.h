// gzip (RFC 1952) through zlib, the library libgit2 and libcurl already
// link: release records keep their manifests compressed, and an operator
// reads them back with `base64 -d | gunzip`. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qareports::util {

std::string Gzip(std::string_view data);
// nullopt when `data` is not a complete gzip stream.
std::optional<std::string> Gunzip(std::string_view data);
// Whether `data` starts as a gzip stream does.
bool IsGzip(std::string_view data);

}  // namespace qareports::util
