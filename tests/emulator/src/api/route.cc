#include "api/route.h"

#include <vector>

namespace qareports::emulator {

static std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool ParseRoute(const std::string& path, Route* out) {
  auto segs = Split(path);
  std::string group, version;
  std::size_t i = 0;
  if (segs.size() >= 2 && segs[0] == "api") {
    version = segs[1];
    i = 2;
  } else if (segs.size() >= 3 && segs[0] == "apis") {
    group = segs[1];
    version = segs[2];
    i = 3;
  } else {
    return false;
  }
  std::vector<std::string> rest(segs.begin() + static_cast<long>(i), segs.end());
  if (rest.empty()) return false;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    const ResourceInfo* info = FindResource(group, version, rest[2]);
    if (info && info->namespaced) {
      out->info = info;
      out->ns = rest[1];
      if (rest.size() >= 4) out->name = rest[3];
      if (rest.size() >= 5) out->subresource = rest[4];
      if (rest.size() > 5) return false;
      return out->subresource.empty() || info->HasSubresource(out->subresource);
    }
  }
  const ResourceInfo* info = FindResource(group, version, rest[0]);
  if (info == nullptr) return false;
  out->info = info;
  if (rest.size() >= 2) {
    if (info->namespaced) return false;  // a namespaced resource needs its namespace for one object
    out->name = rest[1];
  }
  if (rest.size() >= 3) out->subresource = rest[2];
  if (rest.size() > 3) return false;
  return out->subresource.empty() || info->HasSubresource(out->subresource);
}

std::string VerbOf(const std::string& method, const Route& r, bool watch) {
  if (method == "GET") return watch ? "watch" : (r.name.empty() ? "list" : "get");
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return r.name.empty() ? "deletecollection" : "delete";
  return "unknown";
}

}  // namespace qareports::emulator
