#include "api/api_error.h"

#include "storage/resource_table.h"

namespace qareports::emulator {

json StatusJson(const ApiError& e) {
  json s = {{"kind", "Status"},        {"apiVersion", "v1"}, {"metadata", json::object()},
            {"status", "Failure"},     {"message", e.message}, {"reason", e.reason},
            {"code", e.code}};
  if (!e.details.empty()) s["details"] = e.details;
  return s;
}

json SuccessStatus(const json& details) {
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()},
          {"status", "Success"}, {"details", details}};
}

std::string QualifiedResource(const ResourceInfo& r) {
  return r.group.empty() ? r.resource : r.resource + "." + r.group;
}

static json Details(const ResourceInfo& r, const std::string& name) {
  json d = {{"name", name}, {"kind", r.resource}};
  if (!r.group.empty()) d["group"] = r.group;
  return d;
}

ApiError NotFound(const ResourceInfo& r, const std::string& name) {
  return {404, "NotFound", QualifiedResource(r) + " \"" + name + "\" not found", Details(r, name), ""};
}

ApiError PathNotFound() {
  return {404, "NotFound", "the server could not find the requested resource", json::object(), ""};
}

ApiError AlreadyExists(const ResourceInfo& r, const std::string& name) {
  return {409, "AlreadyExists", QualifiedResource(r) + " \"" + name + "\" already exists",
          Details(r, name), ""};
}

ApiError ConflictModified(const ResourceInfo& r, const std::string& name) {
  return {409, "Conflict",
          "Operation cannot be fulfilled on " + QualifiedResource(r) + " \"" + name +
              "\": the object has been modified; please apply your changes to the latest "
              "version and try again",
          Details(r, name), ""};
}

ApiError BadRequest(const std::string& message) {
  return {400, "BadRequest", message, json::object(), ""};
}

ApiError Invalid(const ResourceInfo& r, const std::string& name, const json& causes) {
  std::string kind = r.group.empty() ? r.kind : r.kind + "." + r.group;
  std::string msg = kind + " \"" + name + "\" is invalid: ";
  if (causes.size() > 1) msg += "[";
  for (std::size_t i = 0; i < causes.size(); ++i) {
    if (i) msg += ", ";
    msg += causes[i].value("field", "") + ": " + causes[i].value("message", "");
  }
  if (causes.size() > 1) msg += "]";
  json d = {{"name", name}, {"kind", r.kind}, {"causes", causes}};
  if (!r.group.empty()) d["group"] = r.group;
  return {422, "Invalid", msg, d, ""};
}

ApiError InvalidPatch(const std::string& patched, const std::string& detail) {
  std::string body = "Invalid value: " + json(patched).dump() + ": " + detail;
  json cause = InvalidCause("patch", "FieldValueInvalid", body);
  return {422, "Invalid", " \"\" is invalid: patch: " + body, {{"causes", json::array({cause})}}, ""};
}

ApiError Forbidden(const std::string& message, const ResourceInfo* r, const std::string& name) {
  json d = json::object();
  if (r) d = Details(*r, name);
  return {403, "Forbidden", message, d, ""};
}

ApiError Unauthorized() { return {401, "Unauthorized", "Unauthorized", json::object(), ""}; }

ApiError Expired(const std::string& message) {
  return {410, "Expired", message, json::object(), ""};
}

ApiError MethodNotAllowed(const std::string& message) {
  return {405, "MethodNotAllowed", message, json::object(), ""};
}

ApiError UnsupportedMediaType(const std::string& content_type) {
  return {415, "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: "
          "application/json, application/yaml, application/apply-patch+yaml, "
          "application/json-patch+json, application/merge-patch+json, "
          "application/strategic-merge-patch+json (got " + content_type + ")",
          json::object(), ""};
}

ApiError Transient(int code, const std::string& retry_after) {
  if (code == 429)
    return {429, "TooManyRequests", "the server has received too many requests and has asked us "
            "to try again later", {{"retryAfterSeconds", std::stoi(retry_after)}}, retry_after};
  if (code == 503)
    return {503, "ServiceUnavailable", "the server is currently unable to handle the request",
            json::object(), retry_after};
  return {code, "InternalError", "an error on the server (\"injected fault\") has prevented the "
          "request from succeeding", json::object(), ""};
}

ApiError RequestEntityTooLarge(std::size_t limit) {
  return {413, "RequestEntityTooLarge", "Request entity too large: limit is " + std::to_string(limit), json::object(),
          ""};
}

ApiError ServerTimeout() {
  return {504, "Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded",
          json::object(), ""};
}

json InvalidCause(const std::string& field, const std::string& reason, const std::string& message) {
  return {{"reason", reason}, {"message", message}, {"field", field}};
}

}  // namespace qareports::emulator
