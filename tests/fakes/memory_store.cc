#include "fakes/memory_store.h"

namespace qareports::testing {
namespace {

Error Refused(const std::string& call) { return Error::Unavailable("the store refused " + call + " (told to)"); }

}  // namespace

Result<std::vector<release::Release>> MemoryStore::List() {
  if (fails("List")) return Refused("List");
  std::vector<release::Release> all;
  for (auto it = records.rbegin(); it != records.rend(); ++it) all.push_back(it->second);
  return all;
}

Status MemoryStore::Put(const release::Release& release) {
  std::string call = "Put " + std::to_string(release.number);
  if (fails(call) || records.count(release.number)) return Refused(call);
  records[release.number] = release;
  return Ok();
}

Status MemoryStore::SetState(int number, release::State state) {
  std::string call = "SetState " + std::to_string(number) + " " + release::StateName(state);
  if (fails(call) || !records.count(number)) return Refused(call);
  records[number].state = state;
  return Ok();
}

Status MemoryStore::Update(int number, const std::function<void(release::Release&)>& change) {
  std::string call = "Update " + std::to_string(number);
  if (fails(call) || !records.count(number)) return Refused(call);
  release::Release r = records[number];
  change(r);
  r.manifests = records[number].manifests;
  records[number] = r;
  return Ok();
}

Status MemoryStore::Delete(int number) {
  std::string call = "Delete " + std::to_string(number);
  if (fails(call)) return Refused(call);
  records.erase(number);
  return Ok();
}

std::map<int, std::string> MemoryStore::States() const {
  std::map<int, std::string> states;
  for (const auto& [n, r] : records) states[n] = release::StateName(r.state);
  return states;
}

}  // namespace qareports::testing
