#include "emulator_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "fixtures/build_paths.h"
#include "storage/base64.h"

namespace qareports::emulator::testing {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "qareports-emu-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  std::string p = path_ + "/" + name;
  std::ofstream(p) << content;
  return p;
}

static std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

static pid_t Spawn(std::vector<std::string> argv, std::vector<std::string> env, int in_fd, int out_fd,
                   int err_fd) {
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string key = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& x : env) overridden |= x.substr(0, x.find('=')) == key;
    if (!overridden) env.push_back(entry);
  }
  auto cargv = CStrings(argv);
  auto cenv = CStrings(env);
  pid_t pid = fork();
  if (pid == 0) {
    if (in_fd >= 0) dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (int fd = 3; fd < 1024; ++fd) close(fd);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  return pid;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                         double timeout_seconds, const std::string& stdin_data) {
  int out[2], err[2], in[2];
  if (pipe(out) != 0 || pipe(err) != 0 || pipe(in) != 0) return {};
  pid_t pid = Spawn(argv, env, in[0], out[1], err[1]);
  close(out[1]);
  close(err[1]);
  close(in[0]);
  if (!stdin_data.empty()) {
    ssize_t n = write(in[1], stdin_data.data(), stdin_data.size());
    (void)n;
  }
  close(in[1]);
  ProcessResult r;
  auto deadline = SteadyClock::now() + std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()).count();
    if (left <= 0) {
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left)) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& env, const std::string& dir) {
  static int counter = 0;
  out_path_ = dir + "/background-" + std::to_string(++counter) + ".log";
  int fd = open(out_path_.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  int devnull = open("/dev/null", O_RDONLY);
  pid_ = Spawn(argv, env, devnull, fd, fd);
  close(fd);
  close(devnull);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0 && status_ == -1) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

int BackgroundProcess::Wait(double timeout_seconds) {
  auto deadline = SteadyClock::now() + std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  while (SteadyClock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      return status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

std::string BackgroundProcess::Output() const {
  std::ifstream in(out_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string KubectlPath() {
  if (const char* p = std::getenv("QAREPORTS_KUBECTL"); p && access(p, X_OK) == 0) return p;
  if (access("/usr/bin/kubectl", X_OK) == 0) return "/usr/bin/kubectl";
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty() && access((dir + "/kubectl").c_str(), X_OK) == 0) return dir + "/kubectl";
  }
  return "";
}

Emulator::Emulator(const Options& options) : options_(options) {}

Emulator::~Emulator() {
  if (pid_ > 0) Stop();
}

bool Emulator::Start(std::string* error) {
  kubeconfig_ = dir_.path() + "/kubeconfig";
  std::vector<std::string> argv = {QAREPORTS_EMULATOR_BINARY, "--kubeconfig", kubeconfig_,
                                   "--time-scale", std::to_string(options_.time_scale)};
  if (!options_.rules_yaml.empty()) {
    argv.push_back("--rules");
    argv.push_back(dir_.Write("rules.yaml", options_.rules_yaml));
  }
  if (!options_.state_path.empty()) {
    argv.push_back("--state");
    argv.push_back(options_.state_path);
  }
  if (!options_.faults.empty()) {
    argv.push_back("--faults");
    argv.push_back(options_.faults);
  }
  int out[2];
  if (pipe(out) != 0) return false;
  int err_fd = open((dir_.path() + "/emulator.stderr").c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  pid_ = Spawn(argv, {}, -1, out[1], err_fd);
  close(out[1]);
  close(err_fd);
  std::string line;
  auto deadline = SteadyClock::now() + std::chrono::seconds(10);
  char c;
  pollfd pfd{out[0], POLLIN, 0};
  while (SteadyClock::now() < deadline && line.find('\n') == std::string::npos) {
    if (poll(&pfd, 1, 100) <= 0) continue;
    if (read(out[0], &c, 1) != 1) break;
    line += c;
  }
  close(out[0]);
  auto api = line.find("api="), squad = line.find(" squad=");
  if (line.rfind("ready ", 0) != 0 || api == std::string::npos || squad == std::string::npos) {
    *error = "no ready line, got: '" + line + "'";
    return false;
  }
  api_url_ = line.substr(api + 4, squad - api - 4);
  squad_url_ = line.substr(squad + 7);
  squad_url_.erase(squad_url_.find_last_not_of("\r\n") + 1);
  YAML::Node kc = YAML::LoadFile(kubeconfig_);
  for (const auto& u : kc["users"]) {
    std::string name = u["name"].as<std::string>();
    if (name == "emulator-admin") admin_token_ = u["user"]["token"].as<std::string>();
    if (name == "emulator-readonly") readonly_token_ = u["user"]["token"].as<std::string>();
  }
  std::string ca;
  Base64Decode(kc["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>(), &ca);
  ca_path_ = dir_.Write("ca.crt", ca);
  return true;
}

int Emulator::Stop(long* millis) {
  if (pid_ <= 0) return -1;
  auto start = SteadyClock::now();
  kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = start + std::chrono::seconds(10);
  pid_t r = 0;
  while ((r = waitpid(pid_, &status, WNOHANG)) == 0 && SteadyClock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (r == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  if (millis) *millis = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
  pid_ = -1;
  std::ifstream err(dir_.path() + "/emulator.stderr");
  std::stringstream ss;
  ss << err.rdbuf();
  if (ss.str().find("Sanitizer") != std::string::npos || ss.str().find("runtime error:") != std::string::npos)
    ADD_FAILURE() << "the emulator reported:\n" << ss.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int Emulator::api_port() const { return std::atoi(api_url_.substr(api_url_.rfind(':') + 1).c_str()); }

std::unique_ptr<httplib::SSLClient> Emulator::Client(const std::string& token) const {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", api_port());
  c->set_ca_cert_path(ca_path_.c_str());
  c->enable_server_certificate_verification(true);
  c->set_bearer_token_auth(token.empty() ? admin_token_.c_str() : token.c_str());
  c->set_read_timeout(30, 0);
  return c;
}

std::vector<std::string> Emulator::KubectlArgv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {KubectlPath(), "--kubeconfig", kubeconfig_, "--cache-dir",
                                   dir_.path() + "/kubectl-cache"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::vector<std::string> Emulator::KubectlEnv() const {
  return {"HOME=" + dir_.path() + "/home", "KUBECONFIG=" + kubeconfig_, "KUBECACHEDIR=" + dir_.path() + "/kubectl-cache"};
}

ProcessResult Emulator::Kubectl(const std::vector<std::string>& args, double timeout_seconds,
                                const std::string& stdin_data) const {
  return RunProcess(KubectlArgv(args), KubectlEnv(), timeout_seconds, stdin_data);
}

std::string Emulator::Settle(const std::string& ns, double timeout_seconds) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  ProcessResult deployments = Kubectl({"get", "deployments", "-n", ns, "-o", "name"});
  if (deployments.exit_code != 0) return "cannot list the Deployments of " + ns + ": " + deployments.err;
  std::istringstream names(deployments.out);
  for (std::string name; std::getline(names, name);) {
    ProcessResult r = Kubectl({"rollout", "status", name, "-n", ns, "--timeout=" + std::to_string(
                                   static_cast<long>(timeout_seconds)) + "s"}, timeout_seconds + 10);
    if (r.exit_code != 0) return name + " did not roll out: " + r.out + r.err;
  }
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    ProcessResult r = Kubectl({"get", "all,hpa,configmaps,secrets,events", "-n", ns, "-o",
                               "jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}"});
    if (r.exit_code != 0) return "cannot read " + ns + ": " + r.err;
    if (r.out == last) return "";
    last = r.out;
  }
  return ns + " kept changing for " + std::to_string(static_cast<long>(timeout_seconds)) + " s";
}

std::unique_ptr<BackgroundProcess> Emulator::KubectlInBackground(const std::vector<std::string>& args) const {
  return std::make_unique<BackgroundProcess>(KubectlArgv(args), KubectlEnv(), dir_.path());
}

}  // namespace qareports::emulator::testing
