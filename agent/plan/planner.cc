#include "plan/planner.h"

#include <map>
#include <set>
#include <unordered_map>

#include "util/strings.h"

namespace qareports::plan {
namespace {

// Requests in flight at once: enough to hide latency, few enough for one API server.
constexpr int kParallel = 8;
// Objects compared at a time; bounds memory on large plans.
constexpr size_t kChunk = 64;
// Objects per page when listing what to prune.
constexpr int kPruneListPage = 500;
// Objects of one kind in one namespace from which their live objects are
// listed rather than read one by one, and the objects per page then.
constexpr size_t kListAtLeast = 100;
constexpr int kListPage = 250;

std::string Identity(const std::string& api_version, const std::string& kind, const std::string& ns,
                     const std::string& name) {
  return api_version + "|" + kind + "|" + ns + "|" + name;
}

// The resource without its verbs, which a plan never reads: thousands of
// entries share a few kinds.
kube::ResourceInfo WithoutVerbs(const kube::ResourceInfo& r) {
  return kube::ResourceInfo{r.group, r.version, r.kind, r.resource, r.namespaced, {}};
}

kube::ApiCall DryRunApply(const Entry& e) {
  kube::ApiCall call;
  call.method = "PATCH";
  call.path = e.resource.ObjectPath(e.namespace_, e.name) + "?fieldManager=" + kFieldManager +
              "&force=true&dryRun=All&fieldValidation=Strict";
  call.content_type = "application/apply-patch+yaml";
  call.body = e.desired;
  call.keep = kube::Keep::kAllButManagedFields;  // the diff ignores them
  return call;
}

// The kinds whose live objects may need pruning: those rendered, and those
// qareports has ever deployed.
std::vector<kube::ResourceInfo> PrunableKinds(const kube::Discovery& discovery, const std::vector<Entry>& entries) {
  std::vector<kube::ResourceInfo> kinds;
  std::set<std::string> seen;
  auto add = [&](const kube::ResourceInfo& r) {
    if (seen.insert(r.ApiVersion() + "|" + r.kind).second) kinds.push_back(r);
  };
  for (const Entry& e : entries) add(e.resource);
  for (auto [api, kind] : {std::pair{"v1", "ConfigMap"}, {"v1", "Secret"}, {"v1", "Service"},
                           {"v1", "ServiceAccount"}, {"apps/v1", "Deployment"},
                           {"autoscaling/v1", "HorizontalPodAutoscaler"}}) {
    if (Result<kube::ResourceInfo> r = discovery.Find(api, kind); r.ok()) add(*r);
  }
  return kinds;
}

// Dry-runs the apply of a chunk whose live objects are read (an entry to
// create has none) and keeps only the differences, so that memory follows
// the chunk, not the whole plan.
Status DryRun(kube::Session& session, const std::vector<Entry*>& chunk, const std::set<std::string>& new_namespaces) {
  std::vector<kube::ApiCall> dry_runs;
  std::vector<Entry*> which;
  for (Entry* e : chunk) {
    if (e->action == Action::kCreate && new_namespaces.count(e->namespace_)) {
      std::string().swap(e->desired);  // its namespace is still to be made: nothing to dry-run against
      continue;
    }
    dry_runs.push_back(DryRunApply(*e));
    which.push_back(e);
  }
  std::vector<Result<kube::ApiResult>> merged = session.client->CallAll(dry_runs, kParallel);
  for (size_t k = 0; k < merged.size(); ++k) {
    Entry& e = *which[k];
    if (!merged[k].ok()) return merged[k].error();
    if (!merged[k]->ok()) {
      return Error::InvalidInput("the cluster rejects " + e.Title() + ": " + merged[k]->Message(), e.source);
    }
    if (e.action != Action::kCreate) {
      e.changes = Diff(e.live, merged[k]->json);
      e.action = e.changes.empty() ? Action::kUnchanged : Action::kUpdate;
    }
    e.live = nullptr;
    std::string().swap(e.desired);
  }
  return Ok();
}

// Reads the live objects of a chunk one GET each, then dry-runs them.
Status CompareChunk(kube::Session& session, const std::vector<Entry*>& chunk,
                    std::set<std::string>& new_namespaces) {
  std::vector<kube::ApiCall> gets;
  for (const Entry* e : chunk) gets.push_back(kube::Get(e->resource.ObjectPath(e->namespace_, e->name)));
  std::vector<Result<kube::ApiResult>> lives = session.client->CallAll(gets, kParallel);
  for (size_t i = 0; i < lives.size(); ++i) {
    if (!lives[i].ok()) return lives[i].error();
    Entry& e = *chunk[i];
    if (lives[i]->status == 404) {
      e.action = Action::kCreate;
      if (e.resource.kind == "Namespace") new_namespaces.insert(e.name);
    } else if (lives[i]->ok()) {
      e.live = std::move(lives[i]->json);
    } else {
      return Error::Unavailable("cannot read " + e.Title() + ": " + lives[i]->Message());
    }
  }
  lives.clear();
  return DryRun(session, chunk, new_namespaces);
}

// Dry-runs `entries` in chunks of kChunk.
Status DryRunInChunks(kube::Session& session, const std::vector<Entry*>& entries,
                      const std::set<std::string>& new_namespaces) {
  for (size_t i = 0; i < entries.size(); i += kChunk) {
    std::vector<Entry*> chunk(entries.begin() + i, entries.begin() + std::min(entries.size(), i + kChunk));
    if (Status s = DryRun(session, chunk, new_namespaces); !s.ok()) return s.error();
  }
  return Ok();
}

// Many objects of one kind in one namespace: their live objects are read
// by listing the collection a page at a time (one request per kListPage
// objects instead of one each), and each page's are dry-run before the next
// is read. Whatever no page holds is to be created.
Status CompareListed(kube::Session& session, const std::vector<Entry*>& group,
                     const std::set<std::string>& new_namespaces) {
  std::unordered_map<std::string, Entry*> by_name;
  for (Entry* e : group) by_name[e->name] = e;
  const kube::ResourceInfo& r = group.front()->resource;
  std::string path = r.CollectionPath(group.front()->namespace_) + "?limit=" + std::to_string(kListPage);
  std::string token;
  do {
    std::vector<Entry*> found;
    {  // the page is freed before its objects are dry-run
      kube::ApiCall call = kube::Get(path + (token.empty() ? "" : "&continue=" + util::UrlEncode(token)));
      call.keep = kube::Keep::kAllButManagedFields;
      Result<kube::ApiResult> page = session.client->Call(call);
      if (!page.ok()) return page.error();
      if (page->status == 404) break;  // the namespace does not exist yet
      if (!page->ok()) return Error::Unavailable("cannot list " + call.path + ": " + page->Message());
      if (page->json.contains("items") && page->json["items"].is_array()) {
        for (nlohmann::json& item : page->json["items"]) {
          auto it = by_name.find(item["metadata"].value("name", ""));
          if (it == by_name.end()) continue;
          item["apiVersion"] = r.ApiVersion();  // a list's items leave them to the list
          item["kind"] = r.kind;
          it->second->live = std::move(item);
          found.push_back(it->second);
          by_name.erase(it);
        }
      }
      token = page->json.value("metadata", nlohmann::json::object()).value("continue", "");
    }
    if (Status s = DryRunInChunks(session, found, new_namespaces); !s.ok()) return s.error();
  } while (!token.empty());
  std::vector<Entry*> missing;
  for (Entry* e : group) {
    if (by_name.count(e->name)) e->action = Action::kCreate, missing.push_back(e);
  }
  return DryRunInChunks(session, missing, new_namespaces);
}

}  // namespace

Status AddPrunes(kube::Session& session, const std::string& environment, Plan& plan) {
  std::set<std::string> desired, namespaces = {session.namespace_};
  for (const Entry& e : plan.entries) {
    desired.insert(Identity(e.resource.ApiVersion(), e.resource.kind, e.namespace_, e.name));
    if (!e.namespace_.empty()) namespaces.insert(e.namespace_);
  }
  // Every collection is listed a page at a time, keeping only who is in it,
  // so that memory follows the page, not the environment.
  std::vector<kube::ApiCall> calls;
  std::vector<kube::ResourceInfo> kinds;
  std::string query = "?limit=" + std::to_string(kPruneListPage) + "&labelSelector=" + ManagedSelector(environment);
  for (const kube::ResourceInfo& r : PrunableKinds(session.discovery, plan.entries)) {
    for (const std::string& ns : r.namespaced ? namespaces : std::set<std::string>{""}) {
      calls.push_back(kube::Get(r.CollectionPath(ns) + query));
      calls.back().keep = kube::Keep::kItemNames;
      kinds.push_back(WithoutVerbs(r));
    }
  }
  while (!calls.empty()) {
    std::vector<Result<kube::ApiResult>> pages = session.client->CallAll(calls, kParallel);
    std::vector<kube::ApiCall> next_calls;
    std::vector<kube::ResourceInfo> next_kinds;
    for (size_t i = 0; i < pages.size(); ++i) {
      if (!pages[i].ok()) return pages[i].error();
      if (pages[i]->status == 404) continue;  // the namespace does not exist yet
      if (!pages[i]->ok()) return Error::Unavailable("cannot list " + calls[i].path + ": " + pages[i]->Message());
      for (const auto& item : pages[i]->Items()) {
        const nlohmann::json& m = item["metadata"];
        Entry e;
        e.resource = kinds[i];
        e.namespace_ = m.value("namespace", "");
        e.name = m.value("name", "");
        if (desired.count(Identity(e.resource.ApiVersion(), e.resource.kind, e.namespace_, e.name))) continue;
        e.action = Action::kPrune;
        plan.entries.push_back(std::move(e));
      }
      const nlohmann::json& meta = pages[i]->json.value("metadata", nlohmann::json::object());
      std::string token = meta.value("continue", "");
      if (token.empty()) continue;
      next_calls.push_back(calls[i]);
      next_calls.back().path = calls[i].path.substr(0, calls[i].path.find("&continue=")) + "&continue=" +
                               util::UrlEncode(token);
      next_kinds.push_back(kinds[i]);
    }
    calls = std::move(next_calls);
    kinds = std::move(next_kinds);
  }
  return Ok();
}

std::string ActionName(Action action) {
  switch (action) {
    case Action::kCreate: return "create";
    case Action::kUpdate: return "change";
    case Action::kUnchanged: return "unchanged";
    case Action::kPrune: return "prune";
  }
  return "unchanged";
}

std::string Entry::Title() const { return resource.kind + " " + (namespace_.empty() ? "" : namespace_ + "/") + name; }

int Plan::Count(Action action) const {
  int n = 0;
  for (const Entry& e : entries) n += e.action == action;
  return n;
}

std::string Plan::Summary() const {
  return "Plan: " + std::to_string(Count(Action::kCreate)) + " to create, " + std::to_string(Count(Action::kUpdate)) +
         " to change, " + std::to_string(Count(Action::kPrune)) + " to prune, " +
         std::to_string(Count(Action::kUnchanged)) + " unchanged.";
}

std::string ManagedSelector(const std::string& environment) {
  return "app.kubernetes.io%2Fmanaged-by%3Dqareports%2Cqareports.linaro.org%2Fenvironment%3D" + environment;
}

Result<Plan> MakePlan(kube::Session& session, manifest::Rendered rendered, const std::string& environment) {
  Plan plan;
  std::vector<std::string> unknown;
  std::set<std::string> new_namespaces;
  plan.entries.reserve(rendered.objects.size());
  for (manifest::SourcedObject& o : rendered.objects) {
    nlohmann::json object = o.Tree();
    Result<kube::ResourceInfo> r = session.discovery.Find(object.value("apiVersion", ""), object.value("kind", ""));
    if (!r.ok()) {
      unknown.push_back(o.file + ":" + std::to_string(o.line) + ": " + r.error().message);
      continue;
    }
    Entry e;
    e.resource = WithoutVerbs(*r);
    e.name = object["metadata"].value("name", "");
    e.namespace_ = r->namespaced ? object["metadata"].value("namespace", "") : "";
    e.source = o.file + ":" + std::to_string(o.line);
    e.desired = o.packed.empty() ? object.dump() : std::move(o.packed);
    o.object = nullptr;
    plan.entries.push_back(std::move(e));
  }
  if (!unknown.empty()) return Error::InvalidInput(util::Join(unknown, "\n"));
  std::vector<manifest::SourcedObject>().swap(rendered.objects);  // each one's JSON now is its entry's

  // Namespaces first: objects in one that does not exist yet cannot be dry-run.
  for (Entry& e : plan.entries) {
    if (e.resource.kind != "Namespace") continue;
    if (Status s = CompareChunk(session, {&e}, new_namespaces); !s.ok()) return s.error();
  }
  // Kinds with many objects in one namespace are read by listing; the rest one by one.
  std::map<std::string, std::vector<Entry*>> groups;
  auto group_of = [](const Entry& e) { return Identity(e.resource.ApiVersion(), e.resource.kind, e.namespace_, ""); };
  for (Entry& e : plan.entries) {
    if (e.resource.kind != "Namespace") groups[group_of(e)].push_back(&e);
  }
  std::vector<Entry*> chunk;
  for (Entry& e : plan.entries) {
    if (e.resource.kind == "Namespace") continue;
    std::vector<Entry*>& group = groups[group_of(e)];
    if (group.size() >= kListAtLeast) {
      if (group.front() != &e) continue;
      if (Status s = CompareListed(session, group, new_namespaces); !s.ok()) return s.error();
      continue;
    }
    chunk.push_back(&e);
    if (chunk.size() == kChunk) {
      if (Status s = CompareChunk(session, chunk, new_namespaces); !s.ok()) return s.error();
      chunk.clear();
    }
  }
  if (!chunk.empty()) {
    if (Status s = CompareChunk(session, chunk, new_namespaces); !s.ok()) return s.error();
  }
  if (Status s = AddPrunes(session, environment, plan); !s.ok()) return s.error();
  return plan;
}

}  // namespace qareports::plan
