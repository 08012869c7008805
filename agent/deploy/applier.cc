#include "deploy/applier.h"

#include "plan/planner.h"

namespace qareports::deploy {
namespace {

struct Target {
  kube::ResourceInfo resource;
  std::string ns, name;
  std::string Title() const { return resource.kind + " " + (ns.empty() ? "" : ns + "/") + name; }
};

Result<Target> Locate(kube::Session& session, const nlohmann::json& object) {
  Result<kube::ResourceInfo> r =
      session.discovery.Find(object.value("apiVersion", ""), object.value("kind", ""));
  if (!r.ok()) return r.error();
  const nlohmann::json& meta = object["metadata"];
  return Target{*r, r->namespaced ? meta.value("namespace", session.namespace_) : "", meta.value("name", "")};
}

kube::ApiCall Apply(const Target& t, const nlohmann::json& object) {
  kube::ApiCall call;
  call.method = "PATCH";
  call.path = t.resource.ObjectPath(t.ns, t.name) + "?fieldManager=" + plan::kFieldManager +
              "&force=true&fieldValidation=Strict";
  call.content_type = "application/apply-patch+yaml";
  call.body = object.dump();
  return call;
}

Status Send(kube::Session& session, const std::vector<Target>& targets, const std::vector<kube::ApiCall>& calls,
            const char* done_action, ApplyResult& out) {
  std::vector<Result<kube::ApiResult>> answers = session.client->CallAll(calls);
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].ok()) return answers[i].error();
    ObjectResult r{targets[i].Title(), done_action, ""};
    if (answers[i]->status == 201) r.action = "created";
    if (!answers[i]->ok() && !(calls[i].method == "DELETE" && answers[i]->status == 404)) {
      r.error = std::to_string(answers[i]->status) + ": " + answers[i]->Message();
    }
    out.objects.push_back(std::move(r));
  }
  return Ok();
}

}  // namespace

bool ApplyResult::ok() const {
  for (const ObjectResult& o : objects) {
    if (!o.error.empty()) return false;
  }
  return true;
}

Result<ApplyResult> ApplyObjects(kube::Session& session, const std::vector<nlohmann::json>& objects) {
  ApplyResult out;
  // Namespaces first: everything else lives in one.
  for (bool namespaces : {true, false}) {
    std::vector<Target> targets;
    std::vector<kube::ApiCall> calls;
    for (const nlohmann::json& o : objects) {
      if ((o.value("kind", "") == "Namespace") != namespaces) continue;
      Result<Target> t = Locate(session, o);
      if (!t.ok()) return Error::InvalidInput(t.error().message);
      calls.push_back(Apply(*t, o));
      targets.push_back(std::move(t.value()));
    }
    if (Status s = Send(session, targets, calls, "configured", out); !s.ok()) return s.error();
  }
  return out;
}

Result<ApplyResult> PruneExcept(kube::Session& session, const std::vector<nlohmann::json>& objects,
                                const std::string& environment) {
  plan::Plan keep;
  for (const nlohmann::json& o : objects) {
    Result<Target> t = Locate(session, o);
    if (!t.ok()) return Error::InvalidInput(t.error().message);
    keep.Add(t->resource, t->ns, t->name);
  }
  if (Status s = plan::AddPrunes(session, environment, keep); !s.ok()) return s.error();
  std::vector<Target> targets;
  std::vector<kube::ApiCall> calls;
  for (const plan::Entry& e : keep.entries) {
    if (e.action != plan::Action::kPrune) continue;
    kube::ApiCall del;
    del.method = "DELETE";
    del.path = keep.Resource(e).ObjectPath(keep.Namespace(e), e.name);
    del.body = R"({"propagationPolicy":"Background"})";
    calls.push_back(del);
    targets.push_back({keep.Resource(e), keep.Namespace(e), e.name});
  }
  ApplyResult out;
  if (Status s = Send(session, targets, calls, "pruned", out); !s.ok()) return s.error();
  return out;
}

}  // namespace qareports::deploy
