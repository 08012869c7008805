#include "storage/store.h"

#include <algorithm>

namespace qareports::emulator {

static std::pair<std::string, std::string> NsName(const json& o) {
  const auto& m = o.at("metadata");
  return {m.value("namespace", ""), m.value("name", "")};
}

const json* Store::Get(const std::string& key, const std::string& ns,
                       const std::string& name) const {
  auto k = objects_.find(key);
  if (k == objects_.end()) return nullptr;
  auto it = k->second.find({ns, name});
  return it == k->second.end() ? nullptr : &it->second;
}

std::vector<const json*> Store::List(const std::string& key, const std::string& ns) const {
  std::vector<const json*> out;
  auto k = objects_.find(key);
  if (k == objects_.end()) return out;
  ForEachAfter(key, ns, nullptr, [&](const json& o) {
    out.push_back(&o);
    return true;
  });
  return out;
}

void Store::ForEachAfter(const std::string& key, const std::string& ns,
                         const std::pair<std::string, std::string>* after,
                         const std::function<bool(const json&)>& visit) const {
  auto k = objects_.find(key);
  if (k == objects_.end()) return;
  const auto& objects = k->second;
  auto it = after ? objects.upper_bound(*after) : ns.empty() ? objects.begin() : objects.lower_bound({ns, ""});
  for (; it != objects.end(); ++it) {
    if (!ns.empty() && it->first.first != ns) {
      if (it->first.first > ns) break;
      continue;
    }
    if (!visit(it->second)) break;
  }
}

std::size_t Store::Count(const std::string& key, const std::string& ns) const {
  auto k = counts_.find(key);
  if (k == counts_.end()) return 0;
  if (!ns.empty()) {
    auto n = k->second.find(ns);
    return n == k->second.end() ? 0 : n->second;
  }
  std::size_t total = 0;
  for (const auto& [name, count] : k->second) total += count;
  return total;
}

const json* Store::GetByUid(const std::string& uid) const {
  auto it = by_uid_.find(uid);
  return it == by_uid_.end() ? nullptr : Get(it->second.first, it->second.second.first, it->second.second.second);
}

std::vector<std::pair<std::string, const json*>> Store::OwnedOrDeleting() const {
  std::vector<std::pair<std::string, const json*>> out;
  for (const auto& id : owned_or_deleting_)
    if (const json* o = Get(id.first, id.second.first, id.second.second)) out.push_back({id.first, o});
  return out;
}

void Store::Index(const Id& id, const json& object) {
  const json& m = object["metadata"];
  auto uid = m.find("uid");
  if (uid != m.end() && uid->is_string()) by_uid_[uid->get<std::string>()] = id;
  if (m.find("ownerReferences") != m.end() || m.find("deletionTimestamp") != m.end()) owned_or_deleting_.insert(id);
}

void Store::Unindex(const Id& id, const json& object) {
  const json& m = object["metadata"];
  auto uid = m.find("uid");
  if (uid != m.end() && uid->is_string()) {
    auto it = by_uid_.find(uid->get<std::string>());
    if (it != by_uid_.end() && it->second == id) by_uid_.erase(it);
  }
  owned_or_deleting_.erase(id);
}

json Store::Put(const std::string& key, json object) {
  object["metadata"]["resourceVersion"] = std::to_string(++rv_);
  auto id = NsName(object);
  auto& slot = objects_[key];
  auto it = slot.find(id);
  WatchEvent e;
  e.rv = rv_;
  e.key = key;
  e.ns = id.first;
  e.object = object;
  if (it == slot.end()) {
    e.type = "ADDED";
    slot.emplace(id, object);
    ++counts_[key][id.first];
  } else {
    e.type = "MODIFIED";
    Unindex({key, id}, it->second);
    e.previous = std::move(it->second);
    it->second = object;
  }
  Index({key, id}, object);
  Record(std::move(e));
  return object;
}

void Store::Remove(const std::string& key, const std::string& ns, const std::string& name) {
  auto k = objects_.find(key);
  if (k == objects_.end()) return;
  auto it = k->second.find({ns, name});
  if (it == k->second.end()) return;
  WatchEvent e;
  e.rv = ++rv_;
  e.type = "DELETED";
  e.key = key;
  e.ns = ns;
  Unindex({key, {ns, name}}, it->second);
  e.object = std::move(it->second);
  e.object["metadata"]["resourceVersion"] = std::to_string(rv_);
  k->second.erase(it);
  if (--counts_[key][ns] == 0) counts_[key].erase(ns);
  Record(std::move(e));
}

void Store::Record(WatchEvent e) {
  history_.push_back(std::move(e));
  while (history_.size() > history_limit_) {
    oldest_ = history_.front().rv;
    history_.pop_front();
  }
  cv_.notify_all();
}

bool Store::EventsSince(std::int64_t rv, std::vector<WatchEvent>* out) const {
  if (rv < oldest_) return false;
  for (auto it = history_.rbegin(); it != history_.rend() && it->rv > rv; ++it)
    out->push_back(*it);
  std::reverse(out->begin(), out->end());
  return true;
}

void Store::Compact() {
  history_.clear();
  // Every version handed out so far becomes too old; a fresh list gets a
  // version from which watching works.
  oldest_ = ++rv_;
  ++watch_epoch_;
  cv_.notify_all();
}

std::size_t Store::ObjectCount() const {
  std::size_t n = 0;
  for (const auto& [k, m] : objects_) n += m.size();
  return n;
}

}  // namespace qareports::emulator
