#include "gate/decide.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "checks/job_check.h"
#include "checks/record.h"
#include "deploy/job_identity.h"
#include "gate/conditions.h"
#include "git/repository.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::gate {
namespace {

// The checks of one environment that the gate runs, with what they need.
struct CheckGroup {
  const config::Environment* env = nullptr;
  std::vector<config::Check> checks;
  kube::Session* session = nullptr;
  std::string unreachable;  // why its cluster could not be reached
  std::vector<checks::CheckResult> results;
};

// The tagged commit, as 40 hex digits; an error saying why it is unknown.
Result<std::string> TaggedCommit(const Inputs& deps, const std::string& revision) {
  std::string spec = revision.empty() ? deploy::DeployedCommit(deps.sys.env, deps.config.root) : revision;
  if (spec.empty()) return Error::Failed("no CI commit variable is set and " + deps.config.root + " is no git repository");
  Result<git::Repository> repo = git::Repository::Discover(deps.config.root);
  if (!repo.ok()) return repo.error();
  return repo->ResolveCommit(spec);
}

}  // namespace

std::vector<GateCheck> GateChecks(const config::Config& config, const config::Environment& env) {
  std::vector<GateCheck> out;
  if (!env.gate) return out;
  auto from = config.environments.find(env.gate->from);
  for (const std::string& name : env.gate->checks) {
    for (const config::Environment* e : {from == config.environments.end() ? nullptr : &from->second, &env}) {
      if (!e) continue;
      auto found = std::find_if(e->checks.begin(), e->checks.end(), [&](const config::Check& c) { return c.name == name; });
      if (found == e->checks.end()) continue;
      out.push_back({e, &*found});
      break;
    }
  }
  return out;
}

Result<Verdict> Decide(const Inputs& deps, const std::string& version, const std::string& commit,
                                 report::Report& report) {
  Verdict verdict;
  if (!deps.env.gate) {
    verdict.open = true;
    verdict.data = {{"open", true}, {"gated", false}};
    spdlog::info("{}: no gate configured", deps.env.name);
    return verdict;
  }
  const config::Gate& gate = *deps.env.gate;
  double start = deps.sys.clock.Elapsed();
  report::TestSuite& suite = report.Suite("gate", util::Iso8601(deps.sys.clock.Now()));

  // Input first: the checks' Jobs render, and a given revision resolves.
  std::vector<CheckGroup> groups;
  for (const GateCheck& g : GateChecks(deps.config, deps.env)) {
    auto group = std::find_if(groups.begin(), groups.end(), [&](const CheckGroup& x) { return x.env == g.env; });
    if (group == groups.end()) group = groups.insert(groups.end(), CheckGroup{g.env, {}, nullptr, "", {}});
    group->checks.push_back(*g.check);
  }
  std::vector<std::map<std::string, nlohmann::json>> jobs;
  for (CheckGroup& g : groups) {
    config::Environment only = *g.env;
    only.checks = g.checks;
    Result<std::map<std::string, nlohmann::json>> rendered =
        checks::RenderJobs(deps.config, only, deps.sys.fs, deps.sys.env);
    if (!rendered.ok()) return rendered.error();
    jobs.push_back(std::move(rendered.value()));
  }
  gate::Proof proof;
  proof.version = version;
  proof.now = deps.sys.clock.Now();
  proof.soak_seconds = gate.soak_seconds;
  Result<std::string> tagged = TaggedCommit(deps, commit);
  if (!tagged.ok() && !commit.empty()) return tagged.error();  // a revision the operator gave must exist
  if (tagged.ok()) proof.commit = *tagged;
  else proof.commit_problem = tagged.error().message;
  std::optional<git::Repository> repo;
  if (Result<git::Repository> r = git::Repository::Discover(deps.config.root); r.ok()) repo.emplace(std::move(r.value()));
  proof.contains = [&](const std::string& descendant, const std::string& ancestor) -> Result<bool> {
    if (!repo) return Error::Unavailable(deps.config.root + " is no git repository");
    return repo->Contains(descendant, ancestor);
  };

  // The gated-on environment's records, in its own cluster and namespace.
  std::vector<gate::Condition> conditions;
  if (!gate.from.empty()) {
    const config::Environment& from = deps.config.environments.at(gate.from);
    proof.from = from.name;
    Result<release::Store*> store = deps.clusters.For(from).Releases();
    Result<std::vector<release::Release>> releases =
        store.ok() ? (*store)->List() : Result<std::vector<release::Release>>(store.error());
    if (releases.ok()) proof.releases = std::move(releases.value());
    else proof.unreadable = releases.error().message;
    conditions = gate::Evaluate(proof);
    for (release::Release& r : proof.releases) r.manifests = nlohmann::json();  // not needed any more
  }
  double read = deps.sys.clock.Elapsed() - start;

  // The checks, every one at once, each environment's in its own cluster.
  for (CheckGroup& g : groups) {
    if (std::none_of(g.checks.begin(), g.checks.end(), checks::NeedsCluster)) continue;
    Result<kube::Session*> session = deps.clusters.For(*g.env).Session();
    if (session.ok()) g.session = *session;
    else g.unreachable = session.error().message;
  }
  std::vector<std::thread> running;
  for (size_t i = 0; i < groups.size(); ++i) {
    running.emplace_back([&, i] {
      CheckGroup& g = groups[i];
      checks::Context context{deps.sys, g.session, g.env->name, deps.config.squad_image, version,
                              std::move(jobs[i]), {}, ""};
      if (!g.unreachable.empty()) context.unreachable = "cannot reach " + g.env->name + "'s cluster: " + g.unreachable;
      g.results = checks::RunAll(g.checks, context);
    });
  }
  for (std::thread& t : running) t.join();

  verdict.data = {{"open", false}, {"gated", true}, {"from", gate.from}, {"version", version},
                  {"commit", proof.commit}, {"conditions", nlohmann::json::array()}, {"checks", nlohmann::json::array()}};
  for (const gate::Condition& c : conditions) {
    report::TestCase tc;
    tc.classname = "gate." + gate.from;
    tc.name = c.name;
    tc.seconds = read / static_cast<double>(conditions.size());
    if (c.passed) {
      tc.output = c.message + "\n";
      spdlog::info("{}: gate: {}: {}", deps.env.name, c.name, c.message);
    } else {
      tc.status = report::TestCase::Status::kFailed;
      tc.type = "GateClosed";
      tc.message = c.message;
      verdict.reasons.push_back(c.name + ": " + c.message);
      spdlog::error("{}: gate: {}: {}", deps.env.name, c.name, c.message);
    }
    suite.cases.push_back(tc);
    verdict.data["conditions"].push_back({{"name", c.name}, {"passed", c.passed}, {"message", c.message}});
  }
  for (CheckGroup& g : groups) {
    for (const std::string& failure : checks::Record(g.results, g.env->name, suite)) {
      verdict.reasons.push_back(g.env->name + "/" + failure);
    }
    for (const checks::CheckResult& r : g.results) {
      verdict.data["checks"].push_back({{"environment", g.env->name}, {"name", r.name}, {"kind", r.kind},
                                        {"passed", r.passed}, {"message", r.message}, {"seconds", r.seconds}});
    }
  }
  verdict.open = verdict.reasons.empty();
  verdict.data["open"] = verdict.open;
  verdict.data["seconds"] = deps.sys.clock.Elapsed() - start;
  return verdict;
}

}  // namespace qareports::gate
