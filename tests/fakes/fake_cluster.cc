#include "fakes/fake_cluster.h"

#include <set>

#include "sys/stop.h"

namespace qareports::testing {
namespace {

std::string Title(const nlohmann::json& o) {
  const nlohmann::json& meta = o.value("metadata", nlohmann::json::object());
  std::string ns = meta.value("namespace", "");
  return o.value("kind", "") + " " + (ns.empty() ? "" : ns + "/") + meta.value("name", "");
}

class FakeLock : public deploy::HeldLock {
 public:
  FakeLock(FakeCluster& cluster, std::string holder) : cluster_(cluster), holder_(std::move(holder)) {}
  std::optional<std::string> Lost() const override {
    if (!cluster_.lose_lock) return std::nullopt;
    return "the deploy lock was lost to job-2";
  }
  Status Release() override {
    cluster_.calls.push_back("Release");
    if (std::optional<Error> e = cluster_.fail("Release", 0)) return *e;
    if (cluster_.lock_holder == holder_) cluster_.lock_holder.reset();
    return Ok();
  }

 private:
  FakeCluster& cluster_;
  std::string holder_;
};

}  // namespace

std::optional<Error> FakeCluster::Called(const std::string& call) {
  calls.push_back(call);
  return fail(call, counts_[call]++);
}

Result<kube::Session*> FakeCluster::Session() { return Error::Unavailable("no API server in this test"); }

Result<release::Store*> FakeCluster::Releases() { return static_cast<release::Store*>(&store); }

Status FakeCluster::EnsureNamespace() {
  if (std::optional<Error> e = Called("EnsureNamespace")) return *e;
  return Ok();
}

Result<std::unique_ptr<deploy::HeldLock>> FakeCluster::Lock(const std::string& holder) {
  if (std::optional<Error> e = Called("Lock")) return *e;
  if (lock_holder && *lock_holder != holder) return Error::LockHeld("the deploy lock is held by " + *lock_holder);
  lock_holder = holder;
  return std::unique_ptr<deploy::HeldLock>(std::make_unique<FakeLock>(*this, holder));
}

Result<deploy::ApplyResult> FakeCluster::Apply(const nlohmann::json& objects) {
  if (std::optional<Error> e = Called("Apply")) return *e;
  deploy::ApplyResult result;
  for (const nlohmann::json& o : objects) {
    std::string title = Title(o);
    result.objects.push_back({title, live.count(title) ? "configured" : "created", ""});
    live[title] = o;
  }
  return result;
}

Result<deploy::ApplyResult> FakeCluster::PruneExcept(const nlohmann::json& objects) {
  if (std::optional<Error> e = Called("Prune")) return *e;
  std::set<std::string> kept;
  for (const nlohmann::json& o : objects) kept.insert(Title(o));
  deploy::ApplyResult result;
  for (auto it = live.begin(); it != live.end();) {
    if (kept.count(it->first) || it->second.value("kind", "") == "Namespace") {
      ++it;
      continue;
    }
    result.objects.push_back({it->first, "pruned", ""});
    it = live.erase(it);
  }
  return result;
}

Result<deploy::MigrationResult> FakeCluster::Migrate(const nlohmann::json& job, const std::string& suffix,
                                                     const deploy::MigrationOptions&) {
  if (std::optional<Error> e = Called("Migrate")) return *e;
  deploy::MigrationResult m;
  if (migrate) m = migrate();
  else m.applied = {"squad.0150_demo"};
  m.job = job["metadata"].value("name", "migrate") + "-" + suffix;
  if (sys::StopRequested()) m.outcome = jobs::JobRun::Outcome::kStopped;
  return m;
}

Result<rollout::TrackResult> FakeCluster::Track(const rollout::TrackOptions& options,
                                                const std::function<void(const std::string&)>& on_line) {
  int nth = counts_["Track"];
  if (std::optional<Error> e = Called("Track")) return *e;
  if (std::optional<rollout::TrackResult> answer = track(nth)) return *answer;
  rollout::TrackResult r;
  if (options.stoppable && sys::StopRequested()) {
    r.outcome = rollout::TrackResult::Outcome::kStopped;
    return r;
  }
  for (const std::string& w : options.workloads) {
    r.lines.push_back(w + ": 1/1 ready — rolled out");
    on_line(r.lines.back());
  }
  return r;
}

std::map<std::string, std::string> FakeCluster::Images() const {
  std::map<std::string, std::string> images;
  for (const auto& [title, o] : live) {
    if (o.value("kind", "") != "Deployment") continue;
    images[o["metadata"].value("name", "")] = o["spec"]["template"]["spec"]["containers"][0].value("image", "");
  }
  return images;
}

deploy::Cluster& FakeClusters::For(const config::Environment& env) {
  auto it = clusters_.find(env.name);
  if (it == clusters_.end()) it = clusters_.emplace(env.name, FakeCluster(env.namespace_)).first;
  return it->second;
}

}  // namespace qareports::testing
