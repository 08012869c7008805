// One API request after routing and authentication: the resource, the
// namespace and name, the subresource, the query, the body; and the
// answer the handlers build (a JSON body or a Status).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "storage/resource_table.h"

namespace qareports::emulator {

using json = nlohmann::json;

// A boolean query parameter's value as the API server converts it: "0" and
// "false" in any case are false; anything else ("True", "1", "") is true.
bool QueryFlag(const std::string& value);

struct ApiRequest {
  std::string method;  // GET POST PUT PATCH DELETE
  const ResourceInfo* info = nullptr;
  std::string ns;
  std::string name;
  std::string subresource;
  std::map<std::string, std::string> query;
  std::string body;
  std::string content_type;
  std::string user_agent;
  std::string accept;

  std::string Query(const std::string& key, const std::string& fallback = "") const {
    auto it = query.find(key);
    return it == query.end() ? fallback : it->second;
  }
  bool DryRun() const { return Query("dryRun") == "All"; }
  // A boolean parameter (watch, follow, force, ...) as a real server reads it.
  bool Flag(const std::string& key) const {
    auto it = query.find(key);
    return it != query.end() && QueryFlag(it->second);
  }
  // The fieldManager, or what a real server derives from the User-Agent.
  std::string Manager() const;
};

struct ApiResponse {
  int code = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

ApiResponse JsonResponse(int code, const json& body);

}  // namespace qareports::emulator
