// Resource URLs: /api/v1/[namespaces/NS/]RESOURCE[/NAME[/SUB]] and
// /apis/GROUP/VERSION/... parsed into resource, namespace, name and
// subresource. Pure.
#pragma once
#include <string>

#include "storage/resource_table.h"

namespace qareports::emulator {

struct Route {
  const ResourceInfo* info = nullptr;
  std::string ns;
  std::string name;
  std::string subresource;
};

// Returns false when the path names no served resource (a 404).
bool ParseRoute(const std::string& path, Route* out);
// The verb a request means, as RBAC names it (get, list, watch, create,
// update, patch, delete, deletecollection).
std::string VerbOf(const std::string& method, const Route& r, bool watch);

}  // namespace qareports::emulator
