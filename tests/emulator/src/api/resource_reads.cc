// Reads: get, list with selectors and paging, and the request dispatch.
#include <algorithm>
#include <mutex>

#include "api/api_error.h"
#include "storage/base64.h"
#include "api/resource_handlers.h"
#include "storage/selectors.h"
#include "api/table.h"
#include "api/versions.h"

namespace qareports::emulator {

json ScaleOf(const json& o) {
  const json& m = o["metadata"];
  json selector = o["spec"].value("selector", json());
  if (o.value("kind", "") == "ReplicationController" && selector.is_object())
    selector = {{"matchLabels", selector}};  // a ReplicationController's selector is a plain map
  json scale = {{"kind", "Scale"},
                {"apiVersion", "autoscaling/v1"},
                {"metadata", {{"name", m["name"]}, {"namespace", m.value("namespace", "")},
                              {"uid", m["uid"]}, {"resourceVersion", m["resourceVersion"]},
                              {"creationTimestamp", m["creationTimestamp"]}}},
                {"spec", {{"replicas", o["spec"].value("replicas", 1)}}},
                {"status", {{"replicas", o.value("status", json::object()).value("replicas", 0)},
                            {"selector", LabelSelectorString(selector)}}}};
  return scale;
}

ApiResponse ResourceHandlers::Handle(const ApiRequest& req) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  warnings_.clear();
  ApiResponse r;
  try {
    r = Dispatch(req);
  } catch (const nlohmann::json::type_error&) {
    // A value of the wrong type where the rules read it: the real decoder
    // refuses such a body (400), it is never a server error.
    if (req.method == "GET") throw;
    throw BadRequest(req.info->kind + " in version \"" + req.info->version + "\" cannot be handled as a " +
                     req.info->kind + ": a field has a value of the wrong type");
  }
  for (const auto& w : warnings_) r.headers.push_back({"Warning", "299 - " + json(w).dump()});
  return r;
}

ApiResponse ResourceHandlers::Dispatch(const ApiRequest& req) {
  const std::string& m = req.method;
  if (req.name.empty()) {
    if (m == "GET") return List(req);
    if (m == "POST") return Create(req);
    if (m == "DELETE") return DeleteCollection(req);
    throw MethodNotAllowed("the server does not allow this method on the requested resource");
  }
  if (req.subresource == "scale" && !req.info->HasSubresource("scale")) throw PathNotFound();
  if (req.subresource == "token") {
    if (m == "POST") return CreateToken(req);
    throw MethodNotAllowed("the server does not allow this method on the requested resource");
  }
  if (m == "GET") return Get(req);
  if (m == "PUT") return Update(req);
  if (m == "PATCH") return Patch(req);
  if (m == "DELETE" && req.subresource.empty()) return Delete(req);
  throw MethodNotAllowed("the server does not allow this method on the requested resource");
}

const json& ResourceHandlers::MustGet(const ApiRequest& req) {
  const json* o = store_.Get(req.info->StorageKey(), req.ns, req.name);
  if (o == nullptr) throw NotFound(*req.info, req.name);
  return *o;
}

ApiResponse ResourceHandlers::Get(const ApiRequest& req) {
  const json& o = MustGet(req);
  if (req.subresource == "scale") return JsonResponse(200, ScaleOf(o));
  if (WantsTable(req.accept) && req.subresource.empty())
    return JsonResponse(200, ToTable(*req.info, {ToServedVersion(*req.info, o)},
                                     {{"resourceVersion", o["metadata"].value("resourceVersion", "")}}, clock_.Now(),
                                     req.Query("includeObject", "Metadata")));
  return JsonResponse(200, ToServedVersion(*req.info, o));
}

namespace {

struct Continue {
  std::string after;    // "namespace/name" of the last item served
  long remaining = -1;  // items after it when it was served (lists without selectors)
};

std::string EncodeContinue(const std::string& after, std::int64_t rv, long remaining) {
  json token = {{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", after}};
  if (remaining >= 0) token["remaining"] = remaining;
  return Base64UrlEncode(token.dump());
}

bool DecodeContinue(const std::string& token, Continue* out) {
  std::string text;
  if (!Base64UrlDecode(token, &text)) return false;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("start")) return false;
  out->after = j["start"].get<std::string>();
  if (j.contains("remaining") && j["remaining"].is_number_integer()) out->remaining = j["remaining"].get<long>();
  return true;
}

}  // namespace

ApiResponse ResourceHandlers::List(const ApiRequest& req) {
  Selector labels, fields;
  std::string error;
  if (!ParseLabelSelector(req.Query("labelSelector"), &labels, &error)) throw BadRequest(error);
  if (!ParseFieldSelector(req.Query("fieldSelector"), req.info->resource, &fields, &error))
    throw BadRequest(error);
  long limit = 0;
  try {
    limit = std::stol(req.Query("limit", "0"));
  } catch (...) {
    throw BadRequest("invalid limit");
  }
  Continue cont;
  if (!req.Query("continue").empty() && !DecodeContinue(req.Query("continue"), &cont))
    throw BadRequest("continue key is not valid: incorrect encoded start resourceVersion");
  json items = json::array();
  std::vector<json> served;
  bool table = WantsTable(req.accept);
  std::string last;
  bool more = false;
  long remaining = 0;
  // A real server counts the remaining items only for a list without selectors.
  bool selective = !req.Query("labelSelector").empty() || !req.Query("fieldSelector").empty();
  std::pair<std::string, std::string> after;
  if (!cont.after.empty()) {
    auto slash = cont.after.find('/');
    after = {cont.after.substr(0, slash), slash == std::string::npos ? "" : cont.after.substr(slash + 1)};
  }
  static const json kNoLabels = json::object();
  auto matches = [&](const json& o) {
    const json& m = o["metadata"];
    auto l = m.find("labels");
    return labels.Matches(l != m.end() ? *l : kNoLabels) && MatchesFields(fields, o);
  };
  store_.ForEachAfter(req.info->StorageKey(), req.ns, cont.after.empty() ? nullptr : &after, [&](const json& o) {
    if (!matches(o)) return true;
    if (limit > 0 && static_cast<long>(items.size()) >= limit) {  // the page is full, and there is more
      more = true;
      return false;
    }
    json item = ToServedVersion(*req.info, o);
    if (table) served.push_back(item);
    item.erase("apiVersion");
    item.erase("kind");
    items.push_back(std::move(item));
    last = o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", "");
    return true;
  });
  json meta = {{"resourceVersion", std::to_string(store_.CurrentRv())}};
  if (more) {
    // Counted, not walked: from the collection's size on the first page,
    // from the token's count after it (pages are over the live data, so the
    // count is as of the page before, like a real server's snapshot).
    if (!selective) {
      long served = static_cast<long>(items.size());
      remaining = cont.after.empty() ? static_cast<long>(store_.Count(req.info->StorageKey(), req.ns)) - served
                  : cont.remaining >= 0 ? cont.remaining - served : 1;
      remaining = std::max(remaining, 1L);
    }
    meta["continue"] = EncodeContinue(last, store_.CurrentRv(), selective ? -1 : remaining);
    if (!selective) meta["remainingItemCount"] = remaining;
  }
  if (table) return JsonResponse(200, ToTable(*req.info, served, meta, clock_.Now(), req.Query("includeObject", "Metadata")));
  return JsonResponse(200, {{"kind", req.info->kind + "List"},
                            {"apiVersion", req.info->ApiVersion()},
                            {"metadata", meta},
                            {"items", items}});
}

}  // namespace qareports::emulator
