#include "release/store.h"

namespace qareports::release {

std::string StateName(State s) {
  switch (s) {
    case State::kPending: return "pending";
    case State::kDeployed: return "deployed";
    case State::kFailed: return "failed";
    case State::kSuperseded: return "superseded";
  }
  return "failed";
}

State StateFromName(const std::string& name) {
  for (State s : {State::kPending, State::kDeployed, State::kFailed, State::kSuperseded}) {
    if (StateName(s) == name) return s;
  }
  return State::kFailed;
}

std::optional<Release> LastGoodOf(const std::vector<Release>& releases) {
  for (const Release& r : releases) {
    if (r.state == State::kDeployed) return r;
  }
  return std::nullopt;
}

Result<std::optional<Release>> Store::LastGood() {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  return LastGoodOf(*all);
}

Result<int> Store::Create(Release release) {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  release.number = all->empty() ? 1 : all->front().number + 1;
  if (Status put = Put(release); !put.ok()) return put.error();
  return release.number;
}

Status Store::SetMigrations(int number, const std::vector<std::string>& migrations) {
  return Update(number, [&](Release& r) { r.migrations = migrations; });
}

Result<std::vector<std::string>> Store::MarkDeployed(int number, const std::string& time, size_t keep) {
  // The state and the time in one write: a deployed release always says when.
  Status marked = Update(number, [&](Release& r) {
    r.state = State::kDeployed;
    r.deployed = time;
  });
  if (!marked.ok()) return marked.error();
  std::vector<std::string> problems = Settle(number);
  if (Status pruned = Prune(keep); !pruned.ok()) {
    problems.push_back("could not delete the oldest records (" + pruned.error().message + "): more than " +
                       std::to_string(keep) + " are kept until the next deploy");
  }
  return problems;
}

std::vector<std::string> Store::Settle(int current, std::vector<std::string>* resolved) {
  std::vector<std::string> problems;
  Result<std::vector<Release>> all = List();
  if (!all.ok()) all = List();  // the API's own retries were spent: once more
  if (!all.ok()) {
    return {"could not read the releases to settle the earlier ones (" + all.error().message +
            "): the next job that takes the lock does it"};
  }
  // The newest deployed release is the current one, unless one is named.
  int newest_deployed = current;
  for (const Release& r : *all) {
    if (newest_deployed == 0 && r.state == State::kDeployed) newest_deployed = r.number;
  }
  for (const Release& r : *all) {
    if (r.number == current) continue;
    State to = r.state;
    std::string why;
    if (r.state == State::kDeployed && r.number != newest_deployed) {
      to = State::kSuperseded;
      why = "release " + std::to_string(newest_deployed) + " is deployed";
    } else if (r.state == State::kPending && current == 0) {  // only a job holding the lock sees a dead job's
      bool later = newest_deployed > r.number;
      to = later ? State::kSuperseded : State::kFailed;
      why = "the job that made it (" + (r.job.empty() ? std::string("unknown") : r.job) + ") died before it was " +
            (later ? "finished, and release " + std::to_string(newest_deployed) + " was deployed since"
                   : "deployed or failed");
    }
    if (to == r.state) continue;
    Status s = SetState(r.number, to);
    if (!s.ok()) s = SetState(r.number, to);  // once more
    std::string release = "release " + std::to_string(r.number) + " (" + StateName(r.state) + ")";
    if (!s.ok()) {
      problems.push_back("could not mark " + release + " " + StateName(to) + " (" + s.error().message +
                         "): the next job that takes the lock does it");
    } else if (resolved) {
      resolved->push_back(release + " marked " + StateName(to) + ": " + why);
    }
  }
  return problems;
}

Status Store::Prune(size_t keep) {
  Result<std::vector<Release>> all = List();
  if (!all.ok()) return all.error();
  for (size_t i = keep; i < all->size(); ++i) {
    if (Status gone = Delete((*all)[i].number); !gone.ok()) return gone;
  }
  return Ok();
}

}  // namespace qareports::release
