// The object store: every object by storage key, namespace and name, a
// monotonically increasing resourceVersion, and the recent history of
// changes that watches replay. One mutex guards the store and everything
// the simulated controllers keep beside it.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace qareports::emulator {

using json = nlohmann::json;

struct WatchEvent {
  std::int64_t rv = 0;
  std::string type;  // ADDED, MODIFIED, DELETED
  std::string key;   // storage key
  std::string ns;
  json object;
  json previous;     // MODIFIED only: the object before
};

class Store {
 public:
  explicit Store(std::size_t history_limit = 5000) : history_limit_(history_limit) {}

  std::mutex& mutex() { return mu_; }
  std::condition_variable& changed() { return cv_; }

  // REQUIRES: mutex() held by the caller for every method below.
  const json* Get(const std::string& key, const std::string& ns, const std::string& name) const;
  // Objects of one key, sorted by namespace then name; ns "" means all.
  std::vector<const json*> List(const std::string& key, const std::string& ns) const;
  // Objects of one key in List's order, starting after `after` (namespace,
  // name) when given: `visit` is called for each until it returns false.
  // Costs what is visited, not the size of the key: a list page.
  void ForEachAfter(const std::string& key, const std::string& ns,
                    const std::pair<std::string, std::string>* after,
                    const std::function<bool(const json&)>& visit) const;
  // How many objects of `key` there are in `ns` ("" : in all).
  std::size_t Count(const std::string& key, const std::string& ns) const;
  // The object with this uid, or nullptr.
  const json* GetByUid(const std::string& uid) const;
  // The objects the garbage collector looks at: those with ownerReferences
  // or a deletionTimestamp, as (storage key, object).
  std::vector<std::pair<std::string, const json*>> OwnedOrDeleting() const;
  // Store a new object or a new version of one, stamping a fresh
  // resourceVersion; returns the stored copy.
  json Put(const std::string& key, json object);
  // Remove an object; the DELETED event carries a fresh resourceVersion.
  void Remove(const std::string& key, const std::string& ns, const std::string& name);
  std::int64_t CurrentRv() const { return rv_; }
  // Changes after `rv`. Returns false when `rv` is older than the history.
  bool EventsSince(std::int64_t rv, std::vector<WatchEvent>* out) const;
  // Forget all history (watches from any earlier version then get 410) and
  // end the open watches.
  void Compact();
  std::uint64_t watch_epoch() const { return watch_epoch_; }
  std::size_t ObjectCount() const;
  void SetRv(std::int64_t rv) { if (rv > rv_) rv_ = rv; }
  // How many watches were refused with 410 Expired.
  void CountExpired() { ++expired_; }
  std::uint64_t expired() const { return expired_; }

 private:
  void Record(WatchEvent e);
  using Id = std::pair<std::string, std::pair<std::string, std::string>>;  // key, (namespace, name)
  void Index(const Id& id, const json& object);
  void Unindex(const Id& id, const json& object);

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::map<std::pair<std::string, std::string>, json>> objects_;
  std::map<std::string, Id> by_uid_;
  std::map<std::string, std::map<std::string, std::size_t>> counts_;  // key -> namespace -> objects
  std::set<Id> owned_or_deleting_;
  std::deque<WatchEvent> history_;
  std::size_t history_limit_;
  std::int64_t rv_ = 1000;
  std::int64_t oldest_ = 1000;  // a watch may start from any rv >= oldest_
  std::uint64_t watch_epoch_ = 0;
  std::uint64_t expired_ = 0;
};

}  // namespace qareports::emulator
