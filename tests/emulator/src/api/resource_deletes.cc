// Deletes: preconditions, propagation policy (Background, Foreground,
// Orphan), graceful deletion of pods, namespaces that terminate, and
// delete-collection. The garbage collector finishes the cascade.
#include <algorithm>
#include <set>

#include "api/api_error.h"
#include "api/resource_handlers.h"
#include "storage/json_depth.h"
#include "storage/selectors.h"
#include "api/versions.h"

namespace qareports::emulator {

namespace {

json DeleteOptions(const ApiRequest& req) {
  json opts = json::object();
  if (!req.body.empty()) {
    opts = json::parse(req.body, nullptr, false);
    if (opts.is_discarded() || !opts.is_object()) throw BadRequest("invalid DeleteOptions body");
    if (NestsDeeperThan(opts, kMaxJsonDepth)) throw BadRequest("invalid DeleteOptions body: exceeded max depth");
  }
  if (!req.Query("propagationPolicy").empty()) opts["propagationPolicy"] = req.Query("propagationPolicy");
  if (!req.Query("gracePeriodSeconds").empty())
    opts["gracePeriodSeconds"] = std::stol(req.Query("gracePeriodSeconds"));
  if (opts.contains("orphanDependents") && opts["orphanDependents"].is_boolean())
    opts["propagationPolicy"] = opts["orphanDependents"].get<bool>() ? "Orphan" : "Background";
  return opts;
}

// Kinds whose registry answers a delete with the object, not a Status
// (ReturnDeletedObject in a real server's storage for them).
bool ReturnsDeletedObject(const ResourceInfo& info) {
  static const std::set<std::string> kinds = {"Pod", "Service", "ServiceAccount", "Namespace"};
  return kinds.count(info.kind) > 0;
}

void AddFinalizer(json& meta, const std::string& finalizer) {
  if (!meta.contains("finalizers")) meta["finalizers"] = json::array();
  json& fins = meta["finalizers"];
  if (std::find(fins.begin(), fins.end(), finalizer) == fins.end()) fins.push_back(finalizer);
}

}  // namespace

ApiResponse ResourceHandlers::Delete(const ApiRequest& req) {
  json o = MustGet(req);
  json opts = DeleteOptions(req);
  const json& m = o["metadata"];
  if (opts.contains("preconditions") && opts["preconditions"].is_object()) {
    // As the API server's storage checks them: the UID first, then the resourceVersion.
    const json& p = opts["preconditions"];
    for (const char* field : {"uid", "resourceVersion"}) {
      if (!p.contains(field) || p[field].is_null() || p[field] == m.value(field, json())) continue;
      std::string name = field == std::string("uid") ? "UID" : "ResourceVersion";
      auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
      throw ApiError{409, "Conflict", "Operation cannot be fulfilled on " + QualifiedResource(*req.info) + " \"" +
                     req.name + "\": Precondition failed: " + name + " in precondition: " + text(p[field]) + ", " +
                     name + " in object meta: " + text(m.value(field, json(""))),
                     json::object(), ""};
    }
  }
  // batch/v1 Jobs orphan their pods by default, and say so.
  bool job = req.info->kind == "Job";
  if (job && !opts.contains("propagationPolicy"))
    warnings_.push_back("child pods are preserved by default when jobs are deleted; set propagationPolicy=Background "
                        "to remove them or set propagationPolicy=Orphan to suppress this warning");
  std::string policy = opts.value("propagationPolicy", job ? "Orphan" : "Background");
  bool dry = req.DryRun() || (opts.contains("dryRun") && !opts["dryRun"].empty());
  json served = ToServedVersion(*req.info, o);
  if (dry) return JsonResponse(200, served);
  if (m.contains("deletionTimestamp")) return JsonResponse(200, served);
  // Orphan and Foreground deletions are finished by the garbage collector:
  // the object stays, marked, until its finalizer is done.
  bool graceful = req.info->kind == "Pod" && opts.value("gracePeriodSeconds", 30) > 0;
  bool has_finalizers = m.contains("finalizers") && !m["finalizers"].empty();
  bool collected = policy == "Foreground" || policy == "Orphan";
  if (collected || has_finalizers || graceful || req.info->kind == "Namespace") {
    json& mm = o["metadata"];
    mm["deletionTimestamp"] = Now();
    if (policy == "Foreground") AddFinalizer(mm, "foregroundDeletion");
    if (policy == "Orphan") AddFinalizer(mm, "orphan");
    mm["deletionGracePeriodSeconds"] = graceful ? opts.value("gracePeriodSeconds", 30) : 0;
    if (req.info->kind == "Namespace") o["status"]["phase"] = "Terminating";
    if (req.info->has_generation) mm["generation"] = mm.value("generation", 1) + 1;
    json stored = store_.Put(req.info->StorageKey(), o);
    return JsonResponse(200, ToServedVersion(*req.info, stored));
  }
  store_.Remove(req.info->StorageKey(), req.ns, req.name);
  if (ReturnsDeletedObject(*req.info)) {
    served["metadata"]["resourceVersion"] = std::to_string(store_.CurrentRv());
    return JsonResponse(200, served);
  }
  json details = {{"name", req.name}, {"kind", req.info->resource}, {"uid", m.value("uid", "")}};
  if (!req.info->group.empty()) details["group"] = req.info->group;
  return JsonResponse(200, SuccessStatus(details));
}

ApiResponse ResourceHandlers::DeleteCollection(const ApiRequest& req) {
  Selector labels, fields;
  std::string error;
  if (!ParseLabelSelector(req.Query("labelSelector"), &labels, &error)) throw BadRequest(error);
  if (!ParseFieldSelector(req.Query("fieldSelector"), req.info->resource, &fields, &error))
    throw BadRequest(error);
  std::vector<std::string> names;
  json items = json::array();
  for (const json* o : store_.List(req.info->StorageKey(), req.ns)) {
    if (!labels.Matches((*o)["metadata"].value("labels", json::object()))) continue;
    if (!MatchesFields(fields, *o)) continue;
    names.push_back((*o)["metadata"].value("name", ""));
  }
  for (const auto& n : names) {
    ApiRequest one = req;
    one.name = n;
    one.body.clear();
    items.push_back(json::parse(Delete(one).body));
  }
  return JsonResponse(200, {{"kind", req.info->kind + "List"},
                            {"apiVersion", req.info->ApiVersion()},
                            {"metadata", {{"resourceVersion", std::to_string(store_.CurrentRv())}}},
                            {"items", items}});
}

}  // namespace qareports::emulator
