// The REST verbs on resources: get, list (selectors, limit/continue),
// create, update (resourceVersion precondition), patch (apply, merge,
// JSON, strategic), delete (propagation) and delete-collection, with the
// /status, /scale and serviceaccounts' /token subresources and
// dryRun=All. Touches the store only.
#pragma once
#include <string>
#include <vector>

#include "api/api_request.h"
#include "api/service_account_tokens.h"
#include "controllers/sim_clock.h"
#include "storage/store.h"

namespace qareports::emulator {

class ResourceHandlers {
 public:
  ResourceHandlers(Store& store, const SimClock& clock, ServiceAccountTokens& tokens)
      : store_(store), clock_(clock), tokens_(tokens) {}

  // Answers a non-watch request. Throws ApiError for failures.
  ApiResponse Handle(const ApiRequest& req);

 private:
  ApiResponse Dispatch(const ApiRequest& req);
  ApiResponse Get(const ApiRequest& req);
  ApiResponse List(const ApiRequest& req);
  ApiResponse Create(const ApiRequest& req);
  ApiResponse Update(const ApiRequest& req);
  ApiResponse Patch(const ApiRequest& req);
  ApiResponse Delete(const ApiRequest& req);
  ApiResponse DeleteCollection(const ApiRequest& req);
  ApiResponse CreateToken(const ApiRequest& req);  // serviceaccounts/<name>/token

  // The patched or applied object, in the served version; `live` may be null
  // for apply. Sets *created when apply creates the object.
  json PatchedObject(const ApiRequest& req, const json* live, bool* created);
  // Stores `updated` over `live` (both served version) unless it is a no-op
  // or a dry run; returns the response.
  ApiResponse Commit(const ApiRequest& req, const json& live, json updated, bool record_update);
  ApiResponse CommitCreate(const ApiRequest& req, json object);
  json ParseBody(const ApiRequest& req);
  void CheckFields(const ApiRequest& req, json& object, bool apply);
  const json& MustGet(const ApiRequest& req);
  std::string Now() const { return FormatTime(clock_.Now()); }

  Store& store_;
  const SimClock& clock_;
  ServiceAccountTokens& tokens_;
  std::vector<std::string> warnings_;  // of the request being handled (under the store lock)
};

// The autoscaling/v1 Scale of a Deployment or ReplicaSet.
json ScaleOf(const json& object);

}  // namespace qareports::emulator
