#include "dev/local_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sys/stop.h"
#include "util/strings.h"

namespace qareports::dev {
namespace {

namespace fs = std::filesystem;

constexpr double kStartSeconds = 15;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Alive(int pid) { return pid > 0 && ::kill(pid, 0) == 0; }

std::optional<std::string> FindEmulator(const sys::Environment& env) {
  std::vector<fs::path> candidates;
  if (std::optional<std::string> given = env.Get("QAREPORTS_EMULATOR"); given && !given->empty()) {
    candidates.push_back(*given);
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec).parent_path();
  if (!ec) {
    candidates.push_back(self / "qareports-emulator");
    candidates.push_back(self / "tests/emulator/qareports-emulator");
  }
  std::optional<std::string> path = env.Get("PATH");
  for (const std::string& dir : util::Split(path.value_or("/usr/local/bin:/usr/bin:/bin"), ':')) {
    if (!dir.empty()) candidates.push_back(fs::path(dir) / "qareports-emulator");
  }
  for (const fs::path& c : candidates) {
    if (::access(c.c_str(), X_OK) == 0) return c.string();
  }
  return std::nullopt;
}

}  // namespace

std::string LocalClusterDir(const sys::Environment& env) {
  std::optional<std::string> state = env.Get("XDG_STATE_HOME");
  if (state && !state->empty()) return (fs::path(*state) / "qareports/dev").string();
  std::optional<std::string> home = env.Get("HOME");
  return (fs::path(home.value_or("/tmp")) / ".local/state/qareports/dev").string();
}

std::optional<LocalCluster> FindLocalCluster(const sys::Environment& env) {
  fs::path dir = LocalClusterDir(env);
  LocalCluster cluster;
  cluster.kubeconfig = (dir / "kubeconfig").string();
  try {
    cluster.pid = std::stoi(ReadText(dir / "emulator.pid"));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (!fs::exists(cluster.kubeconfig) || !Alive(cluster.pid)) return std::nullopt;
  return cluster;
}

Result<LocalCluster> StartLocalCluster(const sys::Environment& env) {
  if (std::optional<LocalCluster> running = FindLocalCluster(env)) return *running;
  std::optional<std::string> emulator = FindEmulator(env);
  if (!emulator) {
    return Error::Unavailable("the embedded cluster (qareports-emulator) is not installed beside qareports nor on "
                              "PATH: build it (cmake --build build --target qareports-emulator), set "
                              "QAREPORTS_EMULATOR, or give a cluster with --kubeconfig");
  }
  fs::path dir = LocalClusterDir(env);
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::remove(dir / "kubeconfig", ec);
  std::string log = (dir / "emulator.log").string();
  std::vector<std::string> argv = {*emulator, "--kubeconfig", (dir / "kubeconfig").string(), "--state",
                                   (dir / "state.json").string()};
  pid_t pid = ::fork();
  if (pid < 0) return Error::Unavailable("cannot start the embedded cluster: fork failed");
  if (pid == 0) {
    ::setsid();  // it outlives this job, and a ^C at this terminal
    int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (out >= 0) ::dup2(out, 1), ::dup2(out, 2);
    if (in >= 0) ::dup2(in, 0);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  std::ofstream(dir / "emulator.pid") << pid << "\n";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(kStartSeconds);
  while (std::chrono::steady_clock::now() < deadline && !sys::StopRequested()) {
    if (ReadText(log).find("ready api=") != std::string::npos && fs::exists(dir / "kubeconfig")) {
      spdlog::info("dev: the embedded cluster runs (pid {}); its kubeconfig: {}", pid, (dir / "kubeconfig").string());
      return LocalCluster{(dir / "kubeconfig").string(), "emulator", pid};
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return Error::Unavailable("the embedded cluster did not come up: " + util::LastLines(ReadText(log), 5) + " (" +
                            log + ")");
}

void StopLocalCluster(const sys::Environment& env) {
  std::optional<LocalCluster> running = FindLocalCluster(env);
  if (running) {
    ::kill(running->pid, SIGTERM);
    for (int i = 0; i < 50 && Alive(running->pid) && !sys::StopRequested(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (Alive(running->pid)) {  // asked to stop itself, or slow: its files stay until it has gone
      spdlog::warn("dev: the embedded cluster (pid {}) was told to stop and has not yet", running->pid);
      return;
    }
    spdlog::info("dev: the embedded cluster (pid {}) is stopped", running->pid);
  }
  std::error_code ec;
  fs::remove_all(LocalClusterDir(env), ec);
}

}  // namespace qareports::dev
