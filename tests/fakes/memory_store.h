// Release records in memory (after Helm's storage/driver/memory.go), with
// any call made to fail: the release store of the engine's fast tests.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "release/store.h"

namespace qareports::testing {

class MemoryStore : public release::Store {
 public:
  std::map<int, release::Release> records;
  // Whether a call fails (Unavailable): asked with "List", "Put 2",
  // "SetState 2 deployed", "Update 2", "Delete 1".
  std::function<bool(const std::string& call)> fails = [](const std::string&) { return false; };

  Result<std::vector<release::Release>> List() override;
  Status Put(const release::Release& release) override;
  Status SetState(int number, release::State state) override;
  Status Update(int number, const std::function<void(release::Release&)>& change) override;
  Status Delete(int number) override;

  // Each record's state, by number.
  std::map<int, std::string> States() const;
};

}  // namespace qareports::testing
