// Where an environment's release records live, and the bookkeeping every
// deploy does with them: the last good release, a new release numbered after
// the newest, a release marked deployed (the others it replaces superseded,
// only the newest N kept). The records themselves are kept by an
// implementation: Secrets in the cluster (release/secret_store.h), or memory
// in tests. Touches what the implementation touches.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "release/release.h"
#include "util/result.h"

namespace qareports::release {

class Store {
 public:
  virtual ~Store() = default;

  // Every release of the environment, newest first. Unavailable when the
  // records cannot be read.
  virtual Result<std::vector<Release>> List() = 0;
  // Records `release` under the number given (its `number` field). Unavailable
  // when it cannot be written (a record of that number already exists, too).
  virtual Status Put(const Release& release) = 0;
  // Changes a recorded release's state. Unavailable when it cannot be written.
  virtual Status SetState(int number, State state) = 0;
  // Changes a recorded release's own fields (not its state, not its
  // manifests). Unavailable when it cannot be read or written.
  virtual Status Update(int number, const std::function<void(Release&)>& change) = 0;
  // Deletes a release's record. Unavailable when the record stays.
  virtual Status Delete(int number) = 0;

  // The newest release with state deployed; nullopt when there is none.
  Result<std::optional<Release>> LastGood();
  // Records a new release numbered after the newest; returns its number.
  Result<int> Create(Release release);
  // Records the migrations a release's migration Job applied.
  Status SetMigrations(int number, const std::vector<std::string>& migrations);
  // Marks `number` deployed (verified at `time`), state and time in one
  // write: Unavailable when that could not be written. Whatever else could
  // not be done then (superseding the releases marked deployed before,
  // deleting all but the newest `keep`) is returned, one sentence each with
  // its consequence.
  Result<std::vector<std::string>> MarkDeployed(int number, const std::string& time, size_t keep = 10);
  // Puts the other records in a final state: those marked deployed before
  // the current release (`current`, or the newest deployed when 0) become
  // superseded; with `current` 0 (a job that has just taken the lock, so
  // any pending record is a dead job's), a pending record becomes
  // superseded when a later release is deployed, failed otherwise. Each
  // change made is added to `resolved`; what could not be done is returned.
  std::vector<std::string> Settle(int current = 0, std::vector<std::string>* resolved = nullptr);
  // Deletes all but the newest `keep` releases.
  Status Prune(size_t keep = 10);
};

// The newest deployed release among `releases` (newest first); nullopt when none is.
std::optional<Release> LastGoodOf(const std::vector<Release>& releases);

}  // namespace qareports::release
