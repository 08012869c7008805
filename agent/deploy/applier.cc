#include "deploy/applier.h"

#include <spdlog/spdlog.h>

#include <functional>
#include <optional>

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

// A delete likewise: a late one does not remove what was written since.
kube::ApiCall Delete(const Target& t, const std::string& resource_version) {
  kube::ApiCall call;
  call.method = "DELETE";
  call.path = t.resource.ObjectPath(t.ns, t.name);
  call.body = nlohmann::json{{"propagationPolicy", "Background"},
                             {"preconditions", {{"resourceVersion", resource_version}}}}
                  .dump();
  return call;
}

// An object refused because it changed since it was read is read and
// written again, this many times in all.
constexpr int kFencedAttempts = 5;

// The write of target i at the resourceVersion it was read at ("" when it
// does not exist); none when there is nothing to write.
using FencedWrite = std::function<std::optional<kube::ApiCall>(size_t i, const std::string& resource_version)>;

// Writes each target at the resourceVersion read just before; adds a result
// per target, in order, `action` unless the write created it.
Status WriteFenced(kube::Session& session, const std::vector<Target>& targets, const char* action,
                   const FencedWrite& write, ApplyResult& out) {
  std::vector<ObjectResult> results(targets.size());
  std::vector<size_t> pending(targets.size());
  for (size_t i = 0; i < pending.size(); ++i) pending[i] = i, results[i] = {targets[i].Title(), action, ""};
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
      std::optional<kube::ApiCall> call = write(i, version);
      if (!call) continue;
      writes.push_back(std::move(*call));
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
      if (a.status == 404 && writes[k].method == "DELETE") continue;  // gone already
      if (!a.ok()) {
        results[i].error = std::to_string(a.status) + ": " + a.Message();
        if (a.status == 409 && fenced[k]) {
          results[i].error += " (it changed each of the " + std::to_string(kFencedAttempts) + " times it was " +
                              (writes[k].method == "DELETE" ? "deleted" : "applied") + ")";
        }
      }
    }
  }
  for (ObjectResult& r : results) out.objects.push_back(std::move(r));
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
    auto apply = [&](size_t i, const std::string& version) { return Apply(targets[i], *batch[i], version); };
    if (Status s = WriteFenced(session, targets, "configured", apply, out); !s.ok()) return s.error();
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
  for (const plan::Entry& e : keep.entries) {
    if (e.action == plan::Action::kPrune) targets.push_back({keep.Resource(e), keep.Namespace(e), e.name});
  }
  // An object already gone has nothing to delete.
  auto remove = [&](size_t i, const std::string& version) -> std::optional<kube::ApiCall> {
    if (version.empty()) return std::nullopt;
    return Delete(targets[i], version);
  };
  ApplyResult out;
  if (Status s = WriteFenced(session, targets, "pruned", remove, out); !s.ok()) return s.error();
  return out;
}

}  // namespace qareports::deploy
