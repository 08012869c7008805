// Writes: create, update and the four patch flavours, with dryRun=All,
// strict field validation and managedFields bookkeeping.
#include "api/api_error.h"
#include "storage/base64.h"
#include "storage/field_types.h"
#include "storage/json_depth.h"
#include "storage/managed_fields.h"
#include "storage/names.h"
#include "storage/object_rules.h"
#include "storage/patches.h"
#include "storage/protobuf_body.h"
#include "api/resource_handlers.h"
#include "storage/schema.h"
#include "api/versions.h"
#include "storage/yaml_json.h"

namespace qareports::emulator {

namespace {

json StripVolatile(json o) {
  o["metadata"].erase("resourceVersion");
  if (o["metadata"].contains("managedFields"))
    for (auto& e : o["metadata"]["managedFields"]) e.erase("time");
  return o;
}

std::string BodyVersionError(const ResourceInfo& info, const json& o) {
  if (o.contains("apiVersion") && o.contains("kind") && o["apiVersion"].is_string() && o["kind"].is_string() &&
      o["apiVersion"] == info.ApiVersion() && FindByKind(info.ApiVersion(), o["kind"]) == nullptr)
    return info.kind + " in version \"" + info.version + "\" cannot be handled as a " + info.kind + ": no kind \"" +
           o["kind"].get<std::string>() + "\" is registered for version \"" + info.ApiVersion() +
           "\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"";
  if (o.contains("apiVersion") && o["apiVersion"] != info.ApiVersion())
    return "the API version in the data (" + o["apiVersion"].get<std::string>() +
           ") does not match the expected API version (" + info.ApiVersion() + ")";
  if (o.contains("kind") && o["kind"] != info.kind)
    return "the kind in the data (" + o["kind"].get<std::string>() +
           ") does not match the expected kind (" + info.kind + ")";
  return "";
}

// metav1.MicroTime decodes only "2006-01-02T15:04:05.000000Z07:00": exactly
// six fraction digits.
bool IsMicroTime(const std::string& t) {
  if (t.size() < 27 || t[10] != 'T' || t[19] != '.') return false;
  for (int i = 20; i < 26; ++i)
    if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9') return false;
  std::string zone = t.substr(26);
  return zone == "Z" || (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':');
}

void CheckMicroTimes(const ResourceInfo& info, const json& o) {
  if (info.kind != "Lease" || !o.contains("spec") || !o["spec"].is_object()) return;
  for (const char* f : {"acquireTime", "renewTime"}) {
    if (!o["spec"].contains(f) || o["spec"][f].is_null()) continue;
    std::string t = o["spec"][f].is_string() ? o["spec"][f].get<std::string>() : o["spec"][f].dump();
    if (!IsMicroTime(t))
      throw BadRequest("Lease in version \"v1\" cannot be handled as a Lease: parsing time \"" + t +
                       "\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"" +
                       (t.size() > 19 ? t.substr(19) : t) + "\" as \".000000\"");
  }
}

// PatchOptions as the real server validates them: 422 naming the option.
void CheckPatchOptions(const ApiRequest& req, bool apply) {
  std::string field, detail;
  if (apply && req.Query("fieldManager").empty()) {
    field = "fieldManager";
    detail = "Required value: is required for apply patch";
  } else if (!apply && req.query.count("force")) {
    field = "force";
    detail = "Forbidden: may not be specified for non-apply patch";
  }
  if (field.empty()) return;
  throw ApiError{422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: " + field + ": " + detail,
                 {{"group", "meta.k8s.io"}, {"kind", "PatchOptions"},
                  {"causes", json::array({{{"reason", apply ? "FieldValueRequired" : "FieldValueForbidden"},
                                           {"message", detail}, {"field", field}}})}},
                 ""};
}

// []byte fields (Secret data, ConfigMap binaryData) must hold base64, as
// the real decoder reads them.
void CheckBase64(const ResourceInfo& info, const json& o) {
  const char* field = info.kind == "Secret" ? "data" : info.kind == "ConfigMap" ? "binaryData" : nullptr;
  if (field == nullptr || !o.contains(field) || !o[field].is_object()) return;
  for (const auto& [key, value] : o[field].items()) {
    std::string decoded;
    if (value.is_null()) continue;
    if (!value.is_string() || !Base64Decode(value.get<std::string>(), &decoded))
      throw BadRequest(info.kind + " in version \"" + info.version + "\" cannot be handled as a " + info.kind +
                       ": illegal base64 data in " + field + "." + key);
  }
}

}  // namespace

json ResourceHandlers::ParseBody(const ApiRequest& req) {
  json body;
  try {
    if (req.content_type.find("application/vnd.kubernetes.protobuf") == 0)
      body = DecodeProtobufBody(req.body);
    else if (req.content_type.find("protobuf") != std::string::npos)
      throw UnsupportedMediaType(req.content_type);
    else
      body = ParseJsonOrYaml(req.body);
  } catch (const std::exception& e) {
    throw BadRequest(std::string("the body of the request could not be decoded: ") + e.what());
  }
  if (NestsDeeperThan(body, kMaxJsonDepth))
    throw BadRequest("the body of the request could not be decoded: exceeded max depth");
  if (!body.is_object() && req.content_type.find("json-patch") == std::string::npos)
    throw BadRequest("the body of the request must be an object");
  if (body.is_object()) {
    CheckMicroTimes(*req.info, body);
    CheckBase64(*req.info, body);
  }
  return body;
}

void ResourceHandlers::CheckFields(const ApiRequest& req, json& object, bool apply) {
  if (req.subresource == "scale") return;
  // A patch's result is decoded after patching: what it cannot decode is
  // the patch's fault, 422 with the patched object (a body's is a 400).
  bool patch = !apply && req.content_type.find("patch") != std::string::npos;
  auto refuse = [&](const std::string& decoding) {
    if (patch) throw InvalidPatch(object.dump(), decoding);
    throw BadRequest(req.info->kind + " in version \"" + req.info->version + "\" cannot be handled as a " +
                     req.info->kind + ": " + decoding);
  };
  if (std::string e = FieldTypeError(req.info->ApiVersion(), req.info->kind, object); !e.empty()) refuse(e);
  std::string mode = req.Query("fieldValidation", "Warn");
  auto unknown = UnknownFields(req.info->ApiVersion(), req.info->kind, object, mode != "Strict");
  if (mode == "Strict" && !unknown.empty() && !apply) {
    std::string msg = "strict decoding error: ";
    for (std::size_t i = 0; i < unknown.size(); ++i)
      msg += (i ? ", " : "") + std::string("unknown field \"") + unknown[i] + "\"";
    refuse(msg);
  }
  if (mode == "Warn")
    for (const auto& u : unknown) warnings_.push_back("unknown field \"" + u + "\"");
  if (mode != "Strict" || unknown.empty()) return;
  std::string msg = "failed to create typed patch object (" + req.ns + "/" + req.name + "; " +
                    req.info->ApiVersion() + ", Kind=" + req.info->kind + "): ";
  for (std::size_t i = 0; i < unknown.size(); ++i)
    msg += (i ? ", ." : ".") + unknown[i] + ": field not declared in schema";
  throw BadRequest(msg);
}

ApiResponse ResourceHandlers::Create(const ApiRequest& req) {
  json o = ParseBody(req);
  if (auto e = BodyVersionError(*req.info, o); !e.empty()) throw BadRequest(e);
  CheckFields(req, o, false);
  json& m = o["metadata"];
  if (!m.is_object()) m = json::object();
  if (req.info->namespaced) {
    if (!m.value("namespace", "").empty() && m["namespace"] != req.ns)
      throw BadRequest("the namespace of the provided object does not match the namespace sent "
                       "on the request");
    m["namespace"] = req.ns;
  } else {
    m.erase("namespace");
  }
  if (m.value("name", "").empty() && !m.value("generateName", "").empty())
    m["name"] = m["generateName"].get<std::string>() + RandomSuffix(5);
  if (m.value("name", "").empty())
    throw Invalid(*req.info, "", json::array({InvalidCause("metadata.name", "FieldValueRequired",
                                                           "Required value: name or generateName is required")}));
  m.erase("managedFields");
  RecordUpdate(json(), o, req.Manager(), req.info->ApiVersion(), Now());
  return CommitCreate(req, std::move(o));
}

ApiResponse ResourceHandlers::CommitCreate(const ApiRequest& req, json o) {
  std::string name = o["metadata"].value("name", "");
  if (req.info->namespaced) {
    const json* ns = store_.Get("namespaces", "", req.ns);
    if (ns == nullptr) {
      ApiError e = NotFound(*FindResource("", "v1", "namespaces"), req.ns);
      throw e;
    }
    if ((*ns)["metadata"].contains("deletionTimestamp"))
      throw Forbidden(QualifiedResource(*req.info) + " \"" + name + "\" is forbidden: unable to "
                      "create new content in namespace " + req.ns + " because it is being terminated",
                      req.info, name);
  }
  if (store_.Get(req.info->StorageKey(), req.ns, name)) throw AlreadyExists(*req.info, name);
  json managed = o["metadata"].value("managedFields", json());
  PrepareCreate(*req.info, o, Now());
  if (!managed.is_null()) o["metadata"]["managedFields"] = managed;
  o = ToServedVersion(*req.info, o);
  if (req.DryRun()) return JsonResponse(201, ToServedVersion(*req.info, ToStoredVersion(*req.info, o)));
  json stored = store_.Put(req.info->StorageKey(), ToStoredVersion(*req.info, o));
  return JsonResponse(201, ToServedVersion(*req.info, stored));
}

ApiResponse ResourceHandlers::Update(const ApiRequest& req) {
  json live = ToServedVersion(*req.info, MustGet(req));
  json body = ParseBody(req);
  if (auto e = BodyVersionError(*req.info, body); !e.empty() && req.subresource != "scale")
    throw BadRequest(e);
  CheckFields(req, body, false);
  std::string rv = body.value("metadata", json::object()).value("resourceVersion", "");
  if (!rv.empty() && rv != live["metadata"].value("resourceVersion", ""))
    throw ConflictModified(*req.info, req.name);
  json updated;
  if (req.subresource == "scale") {
    updated = live;
    updated["spec"]["replicas"] = body.value("spec", json::object()).value("replicas", 0);
  } else {
    updated = body;
    if (updated.value("metadata", json::object()).value("name", "") != req.name)
      throw BadRequest("the name of the object (" +
                       updated.value("metadata", json::object()).value("name", "") +
                       ") does not match the name on the URL (" + req.name + ")");
    if (req.info->namespaced) updated["metadata"]["namespace"] = req.ns;
    if (!updated["metadata"].contains("managedFields") && live["metadata"].contains("managedFields"))
      updated["metadata"]["managedFields"] = live["metadata"]["managedFields"];
  }
  return Commit(req, live, std::move(updated), true);
}

ApiResponse ResourceHandlers::Patch(const ApiRequest& req) {
  const json* stored = store_.Get(req.info->StorageKey(), req.ns, req.name);
  bool apply = req.content_type.find("apply-patch") != std::string::npos;
  if (stored == nullptr && !apply) throw NotFound(*req.info, req.name);
  json live = stored ? ToServedVersion(*req.info, *stored) : json();
  bool created = false;
  json updated = PatchedObject(req, stored ? &live : nullptr, &created);
  if (created) return CommitCreate(req, std::move(updated));
  return Commit(req, live, std::move(updated), !apply);
}

json ResourceHandlers::PatchedObject(const ApiRequest& req, const json* live, bool* created) {
  const std::string& ct = req.content_type;
  CheckPatchOptions(req, ct.find("apply-patch") != std::string::npos);
  if (ct.find("apply-patch") != std::string::npos) {
    json applied = ParseBody(req);
    if (!applied.contains("apiVersion") || !applied.contains("kind"))
      throw BadRequest("apiVersion and kind must be set in an applied configuration");
    if (auto e = BodyVersionError(*req.info, applied); !e.empty()) throw BadRequest(e);
    CheckFields(req, applied, true);
    // A resourceVersion in the applied configuration is a precondition, as on an update.
    std::string rv = applied.value("metadata", json::object()).value("resourceVersion", "");
    if (!rv.empty() && live != nullptr && rv != (*live)["metadata"].value("resourceVersion", ""))
      throw ConflictModified(*req.info, req.name);
    std::string name = applied.value("metadata", json::object()).value("name", "");
    if (!name.empty() && name != req.name)
      throw BadRequest("the name of the object (" + name + ") does not match the name on the URL (" + req.name + ")");
    json defaulted = applied;
    try {
      DefaultObject(*req.info, defaulted);
    } catch (const ApiError&) {
    }
    ApplyRequest ar{req.Query("fieldManager"), req.Flag("force"), req.info->ApiVersion(), Now()};
    json result = ServerSideApply(live, applied, defaulted, ar);
    result["metadata"]["name"] = req.name;
    if (req.info->namespaced) result["metadata"]["namespace"] = req.ns;
    else result["metadata"].erase("namespace");
    *created = live == nullptr;
    return result;
  }
  json patch;
  if (ct.find("protobuf") != std::string::npos) throw UnsupportedMediaType(ct);
  patch = json::parse(req.body, nullptr, false);
  if (patch.is_discarded()) throw BadRequest("the body of the request could not be decoded as JSON");
  if (NestsDeeperThan(patch, kMaxJsonDepth))
    throw BadRequest("the body of the request could not be decoded: exceeded max depth");
  json base = req.subresource == "scale" ? ScaleOf(ToStoredVersion(*req.info, *live)) : *live;
  json patched;
  if (ct.find("json-patch") != std::string::npos) patched = ApplyJsonPatch(base, patch);
  else if (ct.find("strategic-merge-patch") != std::string::npos)
    patched = ApplyStrategicMergePatch(base, patch);
  else if (ct.find("merge-patch") != std::string::npos) patched = ApplyMergePatch(base, patch);
  else throw UnsupportedMediaType(ct);
  std::string rv = patched.value("metadata", json::object()).value("resourceVersion", "");
  if (!rv.empty() && rv != (*live)["metadata"].value("resourceVersion", ""))
    throw ConflictModified(*req.info, req.name);
  if (req.subresource == "scale") {
    json updated = *live;
    updated["spec"]["replicas"] = patched.value("spec", json::object()).value("replicas", 1);
    return updated;
  }
  CheckFields(req, patched, false);
  CheckMicroTimes(*req.info, patched);
  return patched;
}

ApiResponse ResourceHandlers::Commit(const ApiRequest& req, const json& live, json updated,
                                     bool record_update) {
  bool status_only = req.subresource == "status";
  // A write that sets managedFields to something else (kubectl moving a
  // client-side apply's fields to its server-side manager) is taken as
  // given, as a real server takes it: nothing more is recorded.
  const json& given = updated["metadata"].value("managedFields", json());
  bool managers_given = !given.is_null() && given != live["metadata"].value("managedFields", json());
  PrepareUpdate(*req.info, live, updated, status_only);
  if (record_update && !status_only && !managers_given)
    RecordUpdate(live, updated, req.Manager(), req.info->ApiVersion(), Now(),
                 req.subresource == "scale" ? "scale" : "");
  auto answer = [&](const json& o) {
    if (req.subresource == "scale") return JsonResponse(200, ScaleOf(o));
    return JsonResponse(200, ToServedVersion(*req.info, o));
  };
  if (StripVolatile(updated) == StripVolatile(live)) return answer(live);
  if (req.DryRun()) {
    updated["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"];
    return answer(ToStoredVersion(*req.info, updated));
  }
  return answer(store_.Put(req.info->StorageKey(), ToStoredVersion(*req.info, updated)));
}

}  // namespace qareports::emulator
