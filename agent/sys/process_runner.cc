#include "sys/process_runner.h"

#include "sys/stop.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <initializer_list>

#include "sys/curl_library.h"

namespace qareports::sys {
namespace {

constexpr int kExecFailed = 127;

void ChildExec(const ProcessRequest& request, int in, int out, int err, int status_pipe) {
  if (!request.interactive) {
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
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

// Hands on the complete lines `out` gained, from `from` on; returns where
// the next line begins.
size_t EmitLines(const std::string& out, size_t from, const ProcessRequest& request) {
  if (!request.on_out_line) return from;
  for (size_t nl; (nl = out.find('\n', from)) != std::string::npos; from = nl + 1) {
    request.on_out_line(out.substr(from, nl - from));
  }
  return from;
}

// Feeds stdin and drains stdout/stderr until both close (true), or the
// deadline passes or a stop ends a process started before it (false).
// A process to interrupt on a stop gets SIGINT and what is left of the
// cleanup to finish. Closes the three descriptors either way.
bool Pump(pid_t pid, int in, int out, int err, const ProcessRequest& request, ProcessResult& result) {
  double timeout = request.timeout_seconds;
  bool started_before_stop = !StopRequested();
  if (!started_before_stop) timeout = std::min(timeout, CleanupSecondsLeft());
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(timeout));
  size_t written = 0, emitted = 0;
  bool interrupted = false;
  const std::string& input = request.input;
  if (input.empty()) ::close(in), in = -1;
  char buf[65536];
  while (out >= 0 || err >= 0) {
    pollfd fds[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
    result.stopped = started_before_stop && StopRequested();
    if (result.stopped && request.interrupt_on_stop && !interrupted) {
      ::kill(pid, SIGINT);
      interrupted = true;
      auto cleanup = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                            std::chrono::duration<double>(CleanupSecondsLeft()));
      if (cleanup < deadline) deadline = cleanup;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || (result.stopped && !interrupted) ||
        (::poll(fds, 3, static_cast<int>(std::min<long>(left.count(), 100))) < 0 && errno != EINTR)) {
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
    if (in >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(in, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == input.size()) ::close(in), in = -1;
    }
  }
  if (request.on_out_line && emitted < result.out.size()) request.on_out_line(result.out.substr(emitted));
  CloseAll({in});
  return true;
}

}  // namespace

ProcessResult RealProcessRunner::Run(const ProcessRequest& request) {
  ProcessResult result;
  if (request.argv.empty()) {
    result.not_found = true;
    return result;
  }
  int in[2], out[2], err[2], status[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC) || ::pipe2(status, O_CLOEXEC)) {
    result.not_found = true;
    return result;
  }
  ::signal(SIGPIPE, SIG_IGN);
  pid_t pid = ::fork();
  if (pid == 0) ChildExec(request, in[0], out[1], err[1], status[1]);
  CloseAll({in[0], out[1], err[1], status[1]});
  int exec_errno = 0;
  result.not_found = ::read(status[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
  ::close(status[0]);
  bool finished = true;
  if (request.interactive) {
    CloseAll({in[1], out[0], err[0]});
  } else {
    finished = Pump(pid, in[1], out[0], err[0], request, result);
    if (!finished) {
      ::kill(pid, SIGKILL);
      result.timed_out = !result.stopped;
    }
  }
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCode(wait_status);
  return result;
}

}  // namespace qareports::sys
