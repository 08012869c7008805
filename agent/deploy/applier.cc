#include "deploy/applier.h"

#include <spdlog/spdlog.h>

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

// A write of an object that exists carries the resourceVersion it was just
// read at: the server refuses it (409) when anything wrote the object in
// between, a stopped job's write that reached the server late among them,
// rather than undo that.
kube::ApiCall Apply(const Target& t, nlohmann::json object, const std::string& resource_version) {
  if (!resource_version.empty()) object["metadata"]["resourceVersion"] = resource_version;
  kube::ApiCall call;
  call.method = "PATCH";
  call.path = t.resource.ObjectPath(t.ns, t.name) + "?fieldManager=" + plan::kFieldManager +
              "&force=true&fieldValidation=Strict";
  call.content_type = "application/apply-patch+yaml";
  call.body = object.dump();
  return call;
}

// An object refused because it changed since it was read is read and
// applied again, this many times in all.
constexpr int kFencedAttempts = 5;

// Applies `objects`, each at the resourceVersion read just before; adds a
// result per object, in order.
Status ApplyFenced(kube::Session& session, const std::vector<Target>& targets,
                   const std::vector<const nlohmann::json*>& objects, ApplyResult& out) {
  std::vector<ObjectResult> results(targets.size());
  std::vector<size_t> pending(targets.size());
  for (size_t i = 0; i < pending.size(); ++i) pending[i] = i, results[i] = {targets[i].Title(), "configured", ""};
  for (int attempt = 1; !pending.empty(); ++attempt) {
    std::vector<kube::ApiCall> reads;
    for (size_t i : pending) {
      reads.push_back(kube::Get(targets[i].resource.ObjectPath(targets[i].ns, targets[i].name)));
      reads.back().keep = kube::Keep::kAllButManagedFields;
    }
    std::vector<Result<kube::ApiResult>> live = session.client->CallAll(reads);
    std::vector<kube::ApiCall> writes;
    std::vector<size_t> written;
    std::vector<bool> fenced;
    for (size_t k = 0; k < live.size(); ++k) {
      if (!live[k].ok()) return live[k].error();
      size_t i = pending[k];
      if (!live[k]->ok() && live[k]->status != 404) {
        results[i].error = std::to_string(live[k]->status) + ": " + live[k]->Message();
        continue;
      }
      const nlohmann::json& meta = live[k]->ok() && live[k]->json.is_object()
                                       ? live[k]->json.value("metadata", nlohmann::json::object())
                                       : nlohmann::json::object();
      std::string version = meta.is_object() ? meta.value("resourceVersion", "") : "";
      writes.push_back(Apply(targets[i], *objects[i], version));
      written.push_back(i);
      fenced.push_back(!version.empty());
    }
    std::vector<Result<kube::ApiResult>> answers = session.client->CallAll(writes);
    pending.clear();
    for (size_t k = 0; k < answers.size(); ++k) {
      if (!answers[k].ok()) return answers[k].error();
      size_t i = written[k];
      const kube::ApiResult& a = *answers[k];
      if (a.status == 409 && fenced[k] && attempt < kFencedAttempts) {
        spdlog::debug("{} changed since it was read: reading it again", results[i].title);
        pending.push_back(i);
        continue;
      }
      if (a.status == 201) results[i].action = "created";
      if (!a.ok()) {
        results[i].error = std::to_string(a.status) + ": " + a.Message();
        if (a.status == 409 && fenced[k]) {
          results[i].error += " (it changed each of the " + std::to_string(kFencedAttempts) + " times it was applied)";
        }
      }
    }
  }
  for (ObjectResult& r : results) out.objects.push_back(std::move(r));
  return Ok();
}

Status Send(kube::Session& session, const std::vector<Target>& targets, const std::vector<kube::ApiCall>& calls,
            const char* done_action, ApplyResult& out) {
  std::vector<Result<kube::ApiResult>> answers = session.client->CallAll(calls);
  for (size_t i = 0; i < answers.size(); ++i) {
    if (!answers[i].ok()) return answers[i].error();
    ObjectResult r{targets[i].Title(), done_action, ""};
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
    std::vector<const nlohmann::json*> batch;
    for (const nlohmann::json& o : objects) {
      if ((o.value("kind", "") == "Namespace") != namespaces) continue;
      Result<Target> t = Locate(session, o);
      if (!t.ok()) return Error::InvalidInput(t.error().message);
      batch.push_back(&o);
      targets.push_back(std::move(t.value()));
    }
    if (Status s = ApplyFenced(session, targets, batch, out); !s.ok()) return s.error();
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
