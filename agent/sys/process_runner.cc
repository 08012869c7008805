#include "sys/process_runner.h"

#include "sys/stop.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>

#include "sys/curl_library.h"

namespace qareports::sys {
namespace {

constexpr int kExecFailed = 127;

using SteadyClock = std::chrono::steady_clock;

SteadyClock::duration Seconds(double seconds) {
  return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
}

// `parent` is the agent's pid when the program is to be interrupted at the
// agent's death (0 otherwise).
void ChildExec(const ProcessRequest& request, int in, int out, int err, int status_pipe, pid_t parent) {
  if (!request.interactive) {
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
  }
  if (parent > 0) {
    // SIGINT as Terraform handles it by default: not blocked, not ignored.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    ::prctl(PR_SET_PDEATHSIG, SIGINT);
    if (::getppid() != parent) ::raise(SIGINT);  // the agent died before the line above
  }
  UndoSkipUnusedGnutlsStart();
  for (const auto& [k, v] : request.env) ::setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> args;
  for (const std::string& a : request.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  int e = errno;
  (void)!::write(status_pipe, &e, sizeof e);
  ::_exit(kExecFailed);
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

void CloseAll(std::initializer_list<int> fds) {
  for (int fd : fds) {
    if (fd >= 0) ::close(fd);
  }
}

// An unlinked temporary file for a program's output: fds[1] for it to
// write (appending), fds[0] for the agent to read. False when none can be
// made.
bool OutputFile(int fds[2]) {
  std::string path = (std::filesystem::temp_directory_path() / "qareports-output-XXXXXX").string();
  int write_fd = ::mkostemp(path.data(), O_CLOEXEC | O_APPEND);
  if (write_fd < 0) return false;
  int read_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ::unlink(path.c_str());
  if (read_fd < 0) {
    ::close(write_fd);
    return false;
  }
  fds[0] = read_fd;
  fds[1] = write_fd;
  return true;
}

// Hands on the complete lines `out` gained, from `from` on; returns where
// the next line begins.
size_t EmitLines(const std::string& out, size_t from, const ProcessRequest& request) {
  if (!request.on_out_line) return from;
  for (size_t nl; (nl = out.find('\n', from)) != std::string::npos; from = nl + 1) {
    request.on_out_line(out.substr(from, nl - from));
  }
  return from;
}

// How long a program may still run: its time limit, or what is left of the
// cleanup once a stop ends a program started before it. A program to
// interrupt gets SIGINT then and the cleanup time to finish; any other must
// end at once.
class Watch {
 public:
  explicit Watch(const ProcessRequest& request) : request_(request), started_before_stop_(!StopRequested()) {
    double timeout = request.timeout_seconds;
    if (!started_before_stop_) timeout = std::min(timeout, CleanupSecondsLeft());
    deadline_ = SteadyClock::now() + Seconds(timeout);
  }
  // Milliseconds left; 0 when the program must be killed now.
  long Left(pid_t pid, ProcessResult& result) {
    result.stopped = started_before_stop_ && StopRequested();
    if (result.stopped && request_.interrupt_on_stop && !interrupted_) {
      ::kill(pid, SIGINT);
      interrupted_ = true;
      deadline_ = std::min(deadline_, SteadyClock::now() + Seconds(CleanupSecondsLeft()));
    }
    if (result.stopped && !interrupted_) return 0;
    return std::max<long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - SteadyClock::now()).count());
  }

 private:
  const ProcessRequest& request_;
  bool started_before_stop_;
  bool interrupted_ = false;
  SteadyClock::time_point deadline_;
};

// Writes what stdin can take now; closes it once all is written.
void Feed(int& in, const std::string& input, size_t& written) {
  ssize_t n = ::write(in, input.data() + written, input.size() - written);
  if (n > 0) written += static_cast<size_t>(n);
  if (n < 0 || written == input.size()) ::close(in), in = -1;
}

// Feeds stdin and drains stdout/stderr pipes until both close (true), or
// the program must be killed (false). Closes the three descriptors either
// way.
bool Pump(pid_t pid, int in, int out, int err, const ProcessRequest& request, ProcessResult& result) {
  Watch watch(request);
  size_t written = 0, emitted = 0;
  if (request.input.empty()) ::close(in), in = -1;
  char buf[65536];
  while (out >= 0 || err >= 0) {
    pollfd fds[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
    long left = watch.Left(pid, result);
    if (left <= 0 || (::poll(fds, 3, static_cast<int>(std::min<long>(left, 100))) < 0 && errno != EINTR)) {
      CloseAll({in, out, err});
      return false;
    }
    for (int i = 0; i < 2; ++i) {
      int& fd = i == 0 ? out : err;
      if (fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) ::close(fd), fd = -1;
    }
    emitted = EmitLines(result.out, emitted, request);
    if (in >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) Feed(in, request.input, written);
  }
  if (request.on_out_line && emitted < result.out.size()) request.on_out_line(result.out.substr(emitted));
  CloseAll({in});
  return true;
}

// As Pump, for output written to files: reads what they gained every 50 ms
// until the program ends (true, its status in `wait_status`), or it must
// be killed (false). Closes the three descriptors either way.
bool PumpFiles(pid_t pid, int in, int out, int err, const ProcessRequest& request, ProcessResult& result,
               int& wait_status) {
  Watch watch(request);
  size_t written = 0, emitted = 0;
  if (request.input.empty()) ::close(in), in = -1;
  char buf[65536];
  auto drain = [&] {
    for (int i = 0; i < 2; ++i)
      for (ssize_t n; (n = ::read(i == 0 ? out : err, buf, sizeof buf)) > 0;)
        (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
    emitted = EmitLines(result.out, emitted, request);
  };
  while (true) {
    drain();
    if (::waitpid(pid, &wait_status, WNOHANG) == pid) break;
    long left = watch.Left(pid, result);
    if (left <= 0) {
      CloseAll({in, out, err});
      return false;
    }
    pollfd stdin_fd = {in, POLLOUT, 0};
    if (in >= 0 && ::poll(&stdin_fd, 1, 0) > 0) Feed(in, request.input, written);
    ::poll(nullptr, 0, static_cast<int>(std::min<long>(left, 50)));
  }
  drain();  // what it wrote last
  if (request.on_out_line && emitted < result.out.size()) request.on_out_line(result.out.substr(emitted));
  CloseAll({in, out, err});
  return true;
}

}  // namespace

ProcessResult RealProcessRunner::Run(const ProcessRequest& request) {
  ProcessResult result;
  if (request.argv.empty()) {
    result.not_found = true;
    return result;
  }
  // A program to interrupt writes to files: it outlives a dead agent's pipes.
  bool to_files = request.interrupt_on_stop && !request.interactive;
  int in[2], out[2] = {-1, -1}, err[2] = {-1, -1}, status[2];
  bool made = ::pipe2(in, O_CLOEXEC) == 0 && ::pipe2(status, O_CLOEXEC) == 0 &&
              (to_files ? OutputFile(out) && OutputFile(err) : ::pipe2(out, O_CLOEXEC) == 0 && ::pipe2(err, O_CLOEXEC) == 0);
  if (!made) {
    result.not_found = true;
    return result;
  }
  ::signal(SIGPIPE, SIG_IGN);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) ChildExec(request, in[0], out[1], err[1], status[1], to_files ? parent : 0);
  CloseAll({in[0], out[1], err[1], status[1]});
  int exec_errno = 0;
  result.not_found = ::read(status[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
  ::close(status[0]);
  int wait_status = 0;
  bool reaped = false, finished = true;
  if (request.interactive) {
    CloseAll({in[1], out[0], err[0]});
  } else if (to_files) {
    finished = reaped = PumpFiles(pid, in[1], out[0], err[0], request, result, wait_status);
  } else {
    finished = Pump(pid, in[1], out[0], err[0], request, result);
  }
  if (!finished) {
    ::kill(pid, SIGKILL);
    result.timed_out = !result.stopped;
  }
  while (!reaped && ::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCode(wait_status);
  return result;
}

}  // namespace qareports::sys
