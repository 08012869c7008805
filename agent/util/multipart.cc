#include "util/multipart.h"

namespace qareports::util {
namespace {

// A quoted header parameter: quotes and line breaks cannot be in it.
std::string Quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out + "\"";
}

bool InAnyPart(const std::vector<FormPart>& parts, const std::string& boundary) {
  for (const FormPart& p : parts) {
    if (p.content.find(boundary) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

MultipartBody EncodeMultipart(const std::vector<FormPart>& parts) {
  // The first of qareports-boundary-0, -1, … that no part holds.
  std::string boundary;
  for (size_t i = 0;; ++i) {
    boundary = "qareports-boundary-" + std::to_string(i);
    if (!InAnyPart(parts, boundary)) break;
  }
  MultipartBody out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  for (const FormPart& p : parts) {
    out.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + Quoted(p.name);
    if (!p.filename.empty()) {
      out.body += "; filename=" + Quoted(p.filename) + "\r\nContent-Type: " +
                  (p.content_type.empty() ? "application/octet-stream" : p.content_type);
    }
    out.body += "\r\n\r\n" + p.content + "\r\n";
  }
  out.body += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace qareports::util
