// multipart/form-data bodies (RFC 7578), as an HTML form posts them: plain
// fields and files, in order, between a boundary no part contains. Pure.
#pragma once

#include <string>
#include <vector>

namespace qareports::util {

struct FormPart {
  std::string name;
  std::string content;
  std::string filename;      // "" for a plain field
  std::string content_type;  // files only; "" for application/octet-stream
};

struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=…"
  std::string body;
};

MultipartBody EncodeMultipart(const std::vector<FormPart>& parts);

}  // namespace qareports::util
