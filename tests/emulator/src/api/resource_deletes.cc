// Deletes: preconditions, propagation policy (Background, Foreground,
// Orphan), graceful deletion of pods, namespaces that terminate, and
// delete-collection. The garbage collector finishes the cascade.
#include "api/api_error.h"
#include "api/resource_handlers.h"
#include "storage/selectors.h"
#include "api/versions.h"

namespace qareports::emulator {

namespace {

json DeleteOptions(const ApiRequest& req) {
  json opts = json::object();
  if (!req.body.empty()) {
    opts = json::parse(req.body, nullptr, false);
    if (opts.is_discarded() || !opts.is_object()) throw BadRequest("invalid DeleteOptions body");
  }
  if (!req.Query("propagationPolicy").empty()) opts["propagationPolicy"] = req.Query("propagationPolicy");
  if (!req.Query("gracePeriodSeconds").empty())
    opts["gracePeriodSeconds"] = std::stol(req.Query("gracePeriodSeconds"));
  if (opts.contains("orphanDependents") && opts["orphanDependents"].is_boolean())
    opts["propagationPolicy"] = opts["orphanDependents"].get<bool>() ? "Orphan" : "Background";
  return opts;
}

void OrphanDependents(Store& store, const std::string& uid) {
  for (const auto& info : AllResources()) {
    if (info.kind == "HorizontalPodAutoscaler" && info.version == "v1") continue;
    std::vector<json> changed;
    for (const json* o : store.List(info.StorageKey(), "")) {
      const json& refs = (*o)["metadata"].value("ownerReferences", json::array());
      json kept = json::array();
      for (const auto& r : refs)
        if (r.value("uid", "") != uid) kept.push_back(r);
      if (kept.size() == refs.size()) continue;
      json copy = *o;
      if (kept.empty()) copy["metadata"].erase("ownerReferences");
      else copy["metadata"]["ownerReferences"] = kept;
      changed.push_back(copy);
    }
    for (auto& c : changed) store.Put(info.StorageKey(), c);
  }
}

}  // namespace

ApiResponse ResourceHandlers::Delete(const ApiRequest& req) {
  json o = MustGet(req);
  json opts = DeleteOptions(req);
  const json& m = o["metadata"];
  if (opts.contains("preconditions")) {
    const json& p = opts["preconditions"];
    if ((p.contains("uid") && p["uid"] != m["uid"]) ||
        (p.contains("resourceVersion") && p["resourceVersion"] != m["resourceVersion"]))
      throw ApiError{409, "Conflict", "Operation cannot be fulfilled on " + QualifiedResource(*req.info) +
                     " \"" + req.name + "\": Precondition failed: UID in precondition: " +
                     p.value("uid", "") + ", UID in object meta: " + m.value("uid", ""),
                     json::object(), ""};
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
  if (policy == "Orphan") OrphanDependents(store_, m.value("uid", ""));
  bool graceful = req.info->kind == "Pod" && opts.value("gracePeriodSeconds", 30) > 0;
  bool has_finalizers = m.contains("finalizers") && !m["finalizers"].empty();
  if (policy == "Foreground" || has_finalizers || graceful || req.info->kind == "Namespace") {
    json& mm = o["metadata"];
    mm["deletionTimestamp"] = Now();
    if (policy == "Foreground") {
      if (!mm.contains("finalizers")) mm["finalizers"] = json::array();
      mm["finalizers"].push_back("foregroundDeletion");
    }
    if (graceful) mm["deletionGracePeriodSeconds"] = opts.value("gracePeriodSeconds", 30);
    if (req.info->kind == "Namespace") o["status"]["phase"] = "Terminating";
    if (req.info->has_generation) mm["generation"] = mm.value("generation", 1) + 1;
    json stored = store_.Put(req.info->StorageKey(), o);
    return JsonResponse(200, ToServedVersion(*req.info, stored));
  }
  store_.Remove(req.info->StorageKey(), req.ns, req.name);
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
