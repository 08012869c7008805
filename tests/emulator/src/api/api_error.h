// API errors: a failed request as a metav1.Status (code, reason, message,
// details). Handlers throw ApiError; the server turns it into the JSON body
// a real API server sends.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace qareports::emulator {

using json = nlohmann::json;
struct ResourceInfo;

struct ApiError {
  int code = 500;
  std::string reason;
  std::string message;
  json details = json::object();
  std::string retry_after;  // seconds, for 429/503
};

json StatusJson(const ApiError& e);
json SuccessStatus(const json& details);

// "deployments.apps" (core resources have no group suffix).
std::string QualifiedResource(const ResourceInfo& r);

ApiError NotFound(const ResourceInfo& r, const std::string& name);
ApiError PathNotFound();
ApiError AlreadyExists(const ResourceInfo& r, const std::string& name);
ApiError ConflictModified(const ResourceInfo& r, const std::string& name);
ApiError BadRequest(const std::string& message);
ApiError Invalid(const ResourceInfo& r, const std::string& name, const json& causes);
// A patch whose result the decoder refuses: 422 with no kind or name,
// the patched object as the bad value of the field "patch".
ApiError InvalidPatch(const std::string& patched, const std::string& detail);
ApiError Forbidden(const std::string& message, const ResourceInfo* r, const std::string& name);
ApiError Unauthorized();
ApiError Expired(const std::string& message);
ApiError MethodNotAllowed(const std::string& message);
ApiError UnsupportedMediaType(const std::string& content_type);
ApiError Transient(int code, const std::string& retry_after);
// 413: a body longer than `limit` bytes; nothing it asked was done.
ApiError RequestEntityTooLarge(std::size_t limit);
// 504: the request's `timeout` passed before it was served; nothing it asked was done.
ApiError ServerTimeout();

// One 422 cause: {reason, message, field}.
json InvalidCause(const std::string& field, const std::string& reason, const std::string& message);

}  // namespace qareports::emulator
