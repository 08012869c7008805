// What the fuzz targets share: the input as text, and a file system that
// holds one file in memory (the input), so that no target touches the disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sys/environment.h"
#include "sys/file_system.h"

namespace qareports::fuzz {

inline std::string Text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

class MemoryFileSystem : public sys::FileSystem {
 public:
  std::map<std::string, std::string> files;
  Result<std::string> Read(const std::string& path) const override {
    auto it = files.find(path);
    if (it == files.end()) return Error::Unavailable("cannot read " + path);
    return it->second;
  }
  Status WriteAtomic(const std::string& path, const std::string& content) override {
    files[path] = content;
    return Ok();
  }
  Status Append(const std::string& path, const std::string& content) override {
    files[path] += content;
    return Ok();
  }
  bool Exists(const std::string& path) const override { return files.count(path) > 0; }
  bool IsDirectory(const std::string&) const override { return false; }
  Result<std::vector<std::string>> List(const std::string&) const override { return std::vector<std::string>{}; }
};

class NoEnvironment : public sys::Environment {
 public:
  std::optional<std::string> Get(const std::string&) const override { return std::nullopt; }
};

}  // namespace qareports::fuzz
