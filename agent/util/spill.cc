#include "util/spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace qareports::util {
namespace {

std::string Directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

// An unnamed file: O_TMPFILE where the file system has it, else one made
// and unlinked at once.
int OpenUnnamed(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = dir + "/qareports-spill-XXXXXX";
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(path.c_str());
  return fd;
}

}  // namespace

Spill::~Spill() {
  if (fd_ >= 0) ::close(fd_);
}

Result<Spill::Ref> Spill::Put(std::string_view text) {
  if (fd_ < 0 && (fd_ = OpenUnnamed(Directory())) < 0) {
    return Error::Failed("cannot make a temporary file in " + Directory() + ": " + std::strerror(errno));
  }
  if (text.size() > UINT32_MAX) return Error::Failed("cannot keep " + std::to_string(text.size()) + " bytes in one piece");
  Ref ref{end_, static_cast<uint32_t>(text.size())};
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(end_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::Failed("cannot write a temporary file in " + Directory() + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  end_ += text.size();
  return ref;
}

Result<std::string> Spill::Get(Ref ref) const {
  std::string out(ref.size, '\0');
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Error::Failed("cannot read back a temporary file: " +
                           std::string(n < 0 ? std::strerror(errno) : "it ended early"));
    }
    done += static_cast<size_t>(n);
  }
  return out;
}

}  // namespace qareports::util
