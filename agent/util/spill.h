// Strings kept out of memory: appended to an unnamed temporary file (in
// $TMPDIR, else /tmp; gone when the process ends, however it ends) and read
// back by reference, so that thousands of rendered objects cost a few bytes
// each while a plan runs. Until the first write it holds no file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace qareports::util {

class Spill {
 public:
  struct Ref {
    uint64_t offset = 0;
    uint32_t size = 0;
  };

  Spill() = default;
  ~Spill();
  Spill(const Spill&) = delete;
  Spill& operator=(const Spill&) = delete;

  // Failed when the temporary file cannot be made or written.
  Result<Ref> Put(std::string_view text);
  Result<std::string> Get(Ref ref) const;

 private:
  int fd_ = -1;
  uint64_t end_ = 0;
};

}  // namespace qareports::util
