#include "plan/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "plan/unchanged.h"
#include "util/json_fields.h"
#include "util/strings.h"

namespace qareports::plan {
namespace {

// Objects compared at a time: bounds memory on large plans, and gives the
// paced requests room (several round trips of the most in flight a batch).
constexpr size_t kChunk = 256;
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

// A hash of each identity: what a plan of thousands keeps to know which
// live objects git still has.
uint64_t IdentityHash(const std::string& api_version, const std::string& kind, const std::string& ns,
                      const std::string& name) {
  return std::hash<std::string>()(Identity(api_version, kind, ns, name));
}

// The resource without its verbs, which a plan never reads: thousands of
// entries share a few kinds.
kube::ResourceInfo WithoutVerbs(const kube::ResourceInfo& r) {
  return kube::ResourceInfo{r.group, r.version, r.kind, r.resource, r.namespaced, {}};
}

// The kinds whose live objects may need pruning: those rendered, and those
// qareports has ever deployed.
std::vector<kube::ResourceInfo> PrunableKinds(const kube::Discovery& discovery, const Plan& plan) {
  std::vector<kube::ResourceInfo> kinds;
  std::set<std::string> seen;
  auto add = [&](const kube::ResourceInfo& r) {
    if (seen.insert(r.ApiVersion() + "|" + r.kind).second) kinds.push_back(r);
  };
  for (const kube::ResourceInfo& r : plan.kinds) add(r);
  for (auto [api, kind] : {std::pair{"v1", "ConfigMap"}, {"v1", "Secret"}, {"v1", "Service"},
                           {"v1", "ServiceAccount"}, {"apps/v1", "Deployment"},
                           {"autoscaling/v1", "HorizontalPodAutoscaler"}}) {
    if (Result<kube::ResourceInfo> r = discovery.Find(api, kind); r.ok()) add(*r);
  }
  return kinds;
}

// One object being compared: its entry and, for a moment, its live object
// (null when it is to be created).
struct Work {
  Entry* entry;
  nlohmann::json live;
};

// Compares the rendered objects with the live ones a bounded number at a
// time: each desired object is read back from the store when its turn
// comes, and only the differences of the changed ones are kept.
class Comparer {
 public:
  Comparer(kube::Session& session, const manifest::StoredObjects& store, Plan& plan)
      : session_(session), store_(store), plan_(plan) {}

  // Reads the live objects one GET each, then dry-runs them.
  Status CompareChunk(const std::vector<Entry*>& chunk) {
    std::vector<kube::ApiCall> gets;
    for (const Entry* e : chunk) gets.push_back(kube::Get(plan_.Resource(*e).ObjectPath(plan_.Namespace(*e), e->name)));
    std::vector<Result<kube::ApiResult>> lives = session_.client->CallAll(gets);
    std::vector<Work> works;
    for (size_t i = 0; i < lives.size(); ++i) {
      if (!lives[i].ok()) return lives[i].error();
      Entry& e = *chunk[i];
      if (lives[i]->status == 404) {
        e.action = Action::kCreate;
        if (plan_.Resource(e).kind == "Namespace") new_namespaces_.insert(e.name);
        works.push_back({&e, nullptr});
      } else if (lives[i]->ok()) {
        works.push_back({&e, std::move(lives[i]->json)});
      } else {
        return Error::Unavailable("cannot read " + plan_.Title(e) + ": " + lives[i]->Message());
      }
    }
    lives.clear();
    return DryRun(works);
  }

  // Many objects of one kind in one namespace: their live objects are read
  // by listing the collection a page at a time (one request per kListPage
  // objects instead of one each), and each page's are compared before the
  // next is read. Whatever no page holds is to be created.
  Status CompareListed(std::vector<Entry*> group) {
    auto by_name = [](const Entry* a, const Entry* b) { return a->name < b->name; };
    std::sort(group.begin(), group.end(), by_name);
    std::vector<bool> found(group.size(), false);
    const kube::ResourceInfo& r = plan_.Resource(*group.front());
    std::string path = r.CollectionPath(plan_.Namespace(*group.front())) + "?limit=" + std::to_string(kListPage);
    std::string token;
    do {
      std::vector<Work> works;
      {  // the page is freed as its objects are compared
        kube::ApiCall call = kube::Get(path + (token.empty() ? "" : "&continue=" + util::UrlEncode(token)));
        Result<kube::ApiResult> page = session_.client->Call(call);  // managedFields show what needs no dry run
        if (!page.ok()) return page.error();
        if (page->status == 404) break;  // the namespace does not exist yet
        if (!page->ok()) return Error::Unavailable("cannot list " + call.path + ": " + page->Message());
        if (page->json.contains("items") && page->json["items"].is_array()) {
          for (nlohmann::json& item : page->json["items"]) {
            Entry probe;
            probe.name = item["metadata"].value("name", "");
            auto at = std::lower_bound(group.begin(), group.end(), &probe, by_name);
            if (at == group.end() || (*at)->name != probe.name || found[at - group.begin()]) continue;
            found[at - group.begin()] = true;
            item["apiVersion"] = r.ApiVersion();  // a list's items leave them to the list
            item["kind"] = r.kind;
            works.push_back({*at, std::move(item)});
          }
        }
        token = page->json.value("metadata", nlohmann::json::object()).value("continue", "");
      }
      if (Status s = DryRun(works); !s.ok()) return s.error();
    } while (!token.empty());
    std::vector<Work> missing;
    for (size_t i = 0; i < group.size(); ++i) {
      if (!found[i]) group[i]->action = Action::kCreate, missing.push_back({group[i], nullptr});
    }
    return DryRun(missing);
  }

 private:
  // Dry-runs the apply of each object, kChunk at a time, and keeps only the
  // differences. What the live object shows unchanged (AppliesUnchanged) is
  // not asked of the server.
  Status DryRun(std::vector<Work>& works) {
    for (size_t start = 0; start < works.size(); start += kChunk) {
      std::vector<kube::ApiCall> dry_runs;
      std::vector<Work*> which;
      for (size_t i = start; i < std::min(works.size(), start + kChunk); ++i) {
        Work& w = works[i];
        Entry& e = *w.entry;
        if (e.action == Action::kCreate && new_namespaces_.count(plan_.Namespace(e))) continue;  // nothing to dry-run against
        Result<std::string> desired = store_.spill.Get(store_.objects[e.object].json);
        if (!desired.ok()) return desired.error();
        if (e.action != Action::kCreate &&
            AppliesUnchanged(util::ParseJson(*desired), w.live, kFieldManager)) {
          e.action = Action::kUnchanged;
          w.live = nullptr;
          continue;
        }
        kube::ApiCall call;
        call.method = "PATCH";
        call.path = plan_.Resource(e).ObjectPath(plan_.Namespace(e), e.name) + "?fieldManager=" + kFieldManager +
                    "&force=true&dryRun=All&fieldValidation=Strict";
        call.content_type = "application/apply-patch+yaml";
        call.body = std::move(*desired);
        call.keep = kube::Keep::kAllButManagedFields;  // the diff ignores them
        dry_runs.push_back(std::move(call));
        which.push_back(&w);
      }
      std::vector<Result<kube::ApiResult>> merged = session_.client->CallAll(dry_runs);
      for (size_t k = 0; k < merged.size(); ++k) {
        Entry& e = *which[k]->entry;
        if (!merged[k].ok()) return merged[k].error();
        if (!merged[k]->ok()) {
          return Error::InvalidInput("the cluster rejects " + plan_.Title(e) + ": " + merged[k]->Message(),
                                     plan_.Source(e));
        }
        if (e.action != Action::kCreate) {
          auto changes = std::make_unique<Changes>();
          changes->shown = Diff(which[k]->live, merged[k]->json, &changes->more);
          e.action = changes->shown.empty() ? Action::kUnchanged : Action::kUpdate;
          if (e.action == Action::kUpdate) e.changes = std::move(changes);
        }
        which[k]->live = nullptr;
      }
    }
    return Ok();
  }

  kube::Session& session_;
  const manifest::StoredObjects& store_;
  Plan& plan_;
  std::set<std::string> new_namespaces_;
};

}  // namespace

Entry& Plan::Add(const kube::ResourceInfo& resource, const std::string& ns, std::string name) {
  Entry e;
  auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const kube::ResourceInfo& k) {
    return k.kind == resource.kind && k.group == resource.group && k.version == resource.version;
  });
  if (kind == kinds.end()) kind = kinds.insert(kinds.end(), WithoutVerbs(resource));
  e.kind = static_cast<uint16_t>(kind - kinds.begin());
  // Objects come namespace by namespace: the last one is the likeliest.
  auto where = namespaces.rbegin();
  while (where != namespaces.rend() && *where != ns) ++where;
  if (where == namespaces.rend()) namespaces.push_back(ns), where = namespaces.rbegin();
  e.namespace_ = static_cast<uint32_t>(namespaces.rend() - where - 1);
  e.name = std::move(name);
  entries.push_back(std::move(e));
  return entries.back();
}

Status AddPrunes(kube::Session& session, const std::string& environment, Plan& plan) {
  std::vector<uint64_t> desired;
  desired.reserve(plan.entries.size());
  std::set<std::string> namespaces = {session.namespace_};
  for (const Entry& e : plan.entries) {
    const kube::ResourceInfo& r = plan.Resource(e);
    desired.push_back(IdentityHash(r.ApiVersion(), r.kind, plan.Namespace(e), e.name));
    if (!plan.Namespace(e).empty()) namespaces.insert(plan.Namespace(e));
  }
  std::sort(desired.begin(), desired.end());
  // Every collection is listed a page at a time, keeping only who is in it,
  // so that memory follows the page, not the environment.
  std::vector<kube::ApiCall> calls;
  std::vector<kube::ResourceInfo> kinds;
  std::string query = "?limit=" + std::to_string(kPruneListPage) + "&labelSelector=" + ManagedSelector(environment);
  for (const kube::ResourceInfo& r : PrunableKinds(session.discovery, plan)) {
    for (const std::string& ns : r.namespaced ? namespaces : std::set<std::string>{""}) {
      calls.push_back(kube::Get(r.CollectionPath(ns) + query));
      calls.back().keep = kube::Keep::kItemNames;
      kinds.push_back(r);
    }
  }
  while (!calls.empty()) {
    std::vector<Result<kube::ApiResult>> pages = session.client->CallAll(calls);
    std::vector<kube::ApiCall> next_calls;
    std::vector<kube::ResourceInfo> next_kinds;
    for (size_t i = 0; i < pages.size(); ++i) {
      if (!pages[i].ok()) return pages[i].error();
      if (pages[i]->status == 404) continue;  // the namespace does not exist yet
      if (!pages[i]->ok()) return Error::Unavailable("cannot list " + calls[i].path + ": " + pages[i]->Message());
      for (const auto& item : pages[i]->Items()) {
        const nlohmann::json& m = item["metadata"];
        std::string ns = m.value("namespace", ""), name = m.value("name", "");
        uint64_t id = IdentityHash(kinds[i].ApiVersion(), kinds[i].kind, ns, name);
        if (std::binary_search(desired.begin(), desired.end(), id)) continue;
        plan.Add(kinds[i], ns, std::move(name)).action = Action::kPrune;
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

std::string Plan::Title(const Entry& e) const {
  const std::string& ns = Namespace(e);
  return Resource(e).kind + " " + (ns.empty() ? "" : ns + "/") + e.name;
}

std::string Plan::Source(const Entry& e) const {
  return e.line == 0 ? "" : files[e.file] + ":" + std::to_string(e.line);
}

std::vector<std::string> Plan::Describe(const Entry& e) const {
  return e.changes ? plan::Describe(e.changes->shown, Secret(e), e.changes->more) : std::vector<std::string>{};
}

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

Result<Plan> MakePlan(kube::Session& session, const manifest::StoredObjects& rendered, const std::string& environment,
                      const Found& found) {
  Plan plan;
  plan.files = rendered.files;
  std::vector<std::string> unknown;
  plan.entries.reserve(rendered.objects.size());
  for (size_t i = 0; i < rendered.objects.size(); ++i) {
    Result<nlohmann::json> object = rendered.Tree(i);
    if (!object.ok()) return object.error();
    Result<kube::ResourceInfo> r = session.discovery.Find(object->value("apiVersion", ""), object->value("kind", ""));
    if (!r.ok()) {
      unknown.push_back(rendered.Source(i) + ": " + r.error().message);
      continue;
    }
    const nlohmann::json& meta = (*object)["metadata"];
    Entry& e = plan.Add(*r, r->namespaced ? meta.value("namespace", "") : "", meta.value("name", ""));
    e.file = static_cast<uint16_t>(rendered.objects[i].file);
    e.line = rendered.objects[i].line;
    e.object = static_cast<uint32_t>(i);
  }
  if (!unknown.empty()) return Error::InvalidInput(util::Join(unknown, "\n"));

  Comparer comparer(session, rendered, plan);
  auto tell = [&](const std::vector<Entry*>& compared) {
    for (const Entry* e : compared) {
      if (found) found(plan, *e);
    }
  };
  auto is_namespace = [&](const Entry& e) { return plan.Resource(e).kind == "Namespace"; };
  // Namespaces first: objects in one that does not exist yet cannot be dry-run.
  for (Entry& e : plan.entries) {
    if (!is_namespace(e)) continue;
    if (Status s = comparer.CompareChunk({&e}); !s.ok()) return s.error();
    tell({&e});
  }
  // Kinds with many objects in one namespace are read by listing; the rest one by one.
  std::map<std::pair<uint16_t, uint32_t>, std::vector<Entry*>> groups;
  for (Entry& e : plan.entries) {
    if (!is_namespace(e)) groups[{e.kind, e.namespace_}].push_back(&e);
  }
  std::vector<Entry*> chunk;
  for (Entry& e : plan.entries) {
    if (is_namespace(e)) continue;
    auto group = groups.find({e.kind, e.namespace_});
    if (group == groups.end()) continue;  // already compared
    if (group->second.size() >= kListAtLeast) {
      if (Status s = comparer.CompareListed(group->second); !s.ok()) return s.error();
      tell(group->second);
      groups.erase(group);
      continue;
    }
    chunk.push_back(&e);
    if (chunk.size() == kChunk) {
      if (Status s = comparer.CompareChunk(chunk); !s.ok()) return s.error();
      tell(chunk);
      chunk.clear();
    }
  }
  if (!chunk.empty()) {
    if (Status s = comparer.CompareChunk(chunk); !s.ok()) return s.error();
    tell(chunk);
  }
  size_t compared = plan.entries.size();
  if (Status s = AddPrunes(session, environment, plan); !s.ok()) return s.error();
  for (size_t i = compared; i < plan.entries.size(); ++i) {
    if (found) found(plan, plan.entries[i]);
  }
  return plan;
}

}  // namespace qareports::plan
