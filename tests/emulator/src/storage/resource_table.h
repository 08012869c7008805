// The table of resources the emulator serves: group, version, plural,
// kind, scope, short names, subresources. Discovery, OpenAPI, routing and
// storage all read this one table.
#pragma once
#include <string>
#include <vector>

namespace qareports::emulator {

struct ResourceInfo {
  std::string group;      // "" for core
  std::string version;
  std::string resource;   // plural
  std::string kind;
  std::string singular;
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> subresources;  // "status", "scale", "log", "token"
  std::vector<std::string> categories;
  bool has_generation = false;

  std::string ApiVersion() const { return group.empty() ? version : group + "/" + version; }
  // Where objects live in the store: resource + "." + group (both HPA
  // versions share one key).
  std::string StorageKey() const { return group.empty() ? resource : resource + "." + group; }
  bool HasSubresource(const std::string& s) const;
};

const std::vector<ResourceInfo>& AllResources();
// The served groups in discovery order, "" (core) first.
std::vector<std::string> Groups();
const ResourceInfo* FindResource(const std::string& group, const std::string& version,
                                 const std::string& resource);
const ResourceInfo* FindByKind(const std::string& api_version, const std::string& kind);
// The preferred (first listed) version of a storage key.
const ResourceInfo* FindByStorageKey(const std::string& key);

}  // namespace qareports::emulator
