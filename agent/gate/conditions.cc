#include "gate/conditions.h"

#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::gate {
namespace {

std::string Short(const std::string& commit) { return commit.substr(0, 12); }

Condition Good(const Proof& p, const release::Release& r) {
  std::string title = p.from + "'s release " + std::to_string(r.number) + " (SQUAD " + r.version + ")";
  switch (r.state) {
    case release::State::kDeployed: return {"last release good", true, title + " is deployed and verified"};
    case release::State::kPending: return {"last release good", false, title + " is still being deployed"};
    default: return {"last release good", false, title + " is " + release::StateName(r.state) + ", not deployed"};
  }
}

Condition Version(const Proof& p, const release::Release& r) {
  if (r.version == p.version) return {"version", true, p.from + " runs SQUAD " + r.version};
  return {"version", false, p.from + " runs SQUAD " + r.version + ", not " + p.version + " (the version being promoted)"};
}

Condition Commit(const Proof& p, const release::Release& r) {
  if (!p.commit_problem.empty()) return {"commit", false, "the tagged commit is unknown: " + p.commit_problem};
  if (r.commit.empty()) {
    return {"commit", false, p.from + "'s release " + std::to_string(r.number) + " records no git commit"};
  }
  Result<bool> contains = p.contains(r.commit, p.commit);
  if (!contains.ok()) return {"commit", false, contains.error().message};
  if (!*contains) {
    return {"commit", false, p.from + " was deployed from " + Short(r.commit) + ", which does not contain the tagged commit " +
                                 Short(p.commit)};
  }
  return {"commit", true, p.from + " was deployed from " + Short(r.commit) + ", which contains " + Short(p.commit)};
}

Condition Soak(const Proof& p, const release::Release& r) {
  std::string soak = util::FormatDuration(p.soak_seconds);
  if (r.state != release::State::kDeployed) return {"soak", false, "no deployed release to have soaked for " + soak};
  const std::string& since = r.deployed.empty() ? r.time : r.deployed;
  std::optional<std::chrono::system_clock::time_point> at = util::ParseRfc3339(since);
  if (!at) return {"soak", false, "release " + std::to_string(r.number) + " records no time it was deployed"};
  long up = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(p.now - *at).count());
  if (up >= p.soak_seconds) {
    return {"soak", true, p.from + " has run it for " + util::FormatDuration(up) + " (soak " + soak + ")"};
  }
  return {"soak", false, p.from + " has run it for " + util::FormatDuration(up) + " of the " + soak +
                             " soak; the gate opens at " + util::Iso8601(*at + std::chrono::seconds(p.soak_seconds))};
}

}  // namespace

std::vector<Condition> Evaluate(const Proof& p) {
  std::vector<std::string> names = {"last release good", "version", "commit", "soak"};
  std::string problem = !p.unreadable.empty() ? "cannot read " + p.from + "'s release records: " + p.unreadable
                        : p.releases.empty()  ? p.from + " has no release"
                                              : "";
  std::vector<Condition> out;
  if (!problem.empty()) {
    for (const std::string& n : names) out.push_back({n, false, problem});
    return out;
  }
  const release::Release& last = p.releases.front();
  return {Good(p, last), Version(p, last), Commit(p, last), Soak(p, last)};
}

}  // namespace qareports::gate
