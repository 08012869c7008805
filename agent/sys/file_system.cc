#include "sys/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qareports::sys {
namespace {

Status WriteAll(int fd, const std::string& content, const std::string& path) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::Failed("cannot write " + path + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Ok();
}

}  // namespace

Status FileSystem::ReadInParts(const std::string& path, const std::function<void(std::string_view)>& part) const {
  Result<std::string> text = Read(path);
  if (!text.ok()) return text.error();
  part(*text);
  return Ok();
}

Status RealFileSystem::ReadInParts(const std::string& path, const std::function<void(std::string_view)>& part) const {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not block the open
  if (fd < 0) return Error::Unavailable("cannot read " + path + ": " + std::strerror(errno));
  struct stat st {};
  std::string problem;
  if (::fstat(fd, &st) != 0) problem = std::strerror(errno);
  else if (!S_ISREG(st.st_mode)) problem = "not a regular file (a device, a pipe or a directory, or a link to one)";
  else if (static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    problem = "larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB, the most any input may be";
  }
  if (!problem.empty()) {
    ::close(fd);
    return Error::InvalidInput("cannot read " + path + ": " + problem, path);
  }
  size_t total = 0;
  char buf[65536];
  while (total <= kMaxFileBytes) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return Error::Unavailable("cannot read " + path + ": " + std::strerror(e));
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
    part(std::string_view(buf, static_cast<size_t>(n)));
  }
  ::close(fd);
  if (total > kMaxFileBytes) {  // it grew while read
    return Error::InvalidInput("cannot read " + path + ": larger than " + std::to_string(kMaxFileBytes >> 20) +
                               " MiB, the most any input may be", path);
  }
  return Ok();
}

Result<std::string> RealFileSystem::Read(const std::string& path) const {
  std::string out;
  if (Status s = ReadInParts(path, [&](std::string_view part) { out.append(part); }); !s.ok()) return s.error();
  return out;
}

Status RealFileSystem::WriteAtomic(const std::string& path, const std::string& content) {
  std::filesystem::path target(path);
  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  if (target.parent_path().empty()) temp = "." + target.filename().string() + ".XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Error::Failed("cannot create a temporary file beside " + path + ": " + std::strerror(errno));
  Status written = WriteAll(fd, content, path);
  if (written.ok() && ::fsync(fd) != 0) written = Error::Failed("cannot sync " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0644);
  ::close(fd);
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = Error::Failed("cannot write " + path + ": " + std::strerror(errno));
  }
  if (!written.ok()) ::unlink(temp.c_str());
  return written;
}

Status RealFileSystem::Append(const std::string& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error::Failed("cannot open " + path + ": " + std::strerror(errno));
  Status written = WriteAll(fd, content, path);
  ::close(fd);
  return written;
}

bool RealFileSystem::Exists(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

bool RealFileSystem::IsDirectory(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

Result<std::vector<std::string>> RealFileSystem::List(const std::string& dir) const {
  std::error_code ec;
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return Error::Unavailable("cannot list " + dir + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace qareports::sys
