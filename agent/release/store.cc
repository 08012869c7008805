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
  if (Status marked = SetState(number, State::kDeployed); !marked.ok()) return marked.error();
  std::vector<std::string> problems;
  std::string release = "release " + std::to_string(number);
  if (Status noted = Update(number, [&](Release& r) { r.deployed = time; }); !noted.ok()) {
    problems.push_back("could not note when " + release + " was deployed (" + noted.error().message +
                       "): the gate's soak time cannot be counted from it");
  }
  Result<std::vector<Release>> all = List();
  if (!all.ok()) {
    problems.push_back("could not read the releases to supersede the earlier ones (" + all.error().message +
                       "): more than one may say deployed; the newest is the current one");
    return problems;
  }
  for (const Release& r : *all) {
    if (r.number == number || r.state != State::kDeployed) continue;
    if (Status s = SetState(r.number, State::kSuperseded); !s.ok()) {
      problems.push_back("could not mark release " + std::to_string(r.number) + " superseded (" + s.error().message +
                         "): it still says deployed; the newest is the current one");
    }
  }
  if (Status pruned = Prune(keep); !pruned.ok()) {
    problems.push_back("could not delete the oldest records (" + pruned.error().message + "): more than " +
                       std::to_string(keep) + " are kept until the next deploy");
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
