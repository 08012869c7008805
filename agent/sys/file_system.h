// Files on disk, behind an interface (after ninja's DiskInterface). The real
// one reads, writes atomically (temporary file + rename) and appends.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace qareports::sys {

// The largest file any input is read from (a config, a manifest, a
// kubeconfig): far above any real one, and a bound on what hostile input costs.
inline constexpr size_t kMaxFileBytes = 64u << 20;

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The whole file; Unavailable when it cannot be read (missing included);
  // InvalidInput when it is not a regular file (a device, a pipe, a
  // directory, or a link to one) or is larger than kMaxFileBytes.
  virtual Result<std::string> Read(const std::string& path) const = 0;
  // The same file handed to `part` a piece at a time, so that a large one is
  // never held whole; the same errors as Read, said before any piece when
  // they can be. By default, one piece: the whole file.
  virtual Status ReadInParts(const std::string& path, const std::function<void(std::string_view)>& part) const;
  // Replaces the file so that readers see the old or the new content, never
  // a part; Failed when it cannot be written.
  virtual Status WriteAtomic(const std::string& path, const std::string& content) = 0;
  // Appends to the file, creating it; Failed when it cannot be written.
  virtual Status Append(const std::string& path, const std::string& content) = 0;
  virtual bool Exists(const std::string& path) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
  // The names in a directory, sorted; Unavailable when it cannot be listed.
  virtual Result<std::vector<std::string>> List(const std::string& dir) const = 0;
};

class RealFileSystem : public FileSystem {
 public:
  Result<std::string> Read(const std::string& path) const override;
  Status ReadInParts(const std::string& path, const std::function<void(std::string_view)>& part) const override;
  Status WriteAtomic(const std::string& path, const std::string& content) override;
  Status Append(const std::string& path, const std::string& content) override;
  bool Exists(const std::string& path) const override;
  bool IsDirectory(const std::string& path) const override;
  Result<std::vector<std::string>> List(const std::string& dir) const override;
};

}  // namespace qareports::sys
