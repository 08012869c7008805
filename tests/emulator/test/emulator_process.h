// Test fixture support: a qareports-emulator process of its own on free
// ports with a temporary kubeconfig, stopped (SIGTERM) at the end; plus
// running child processes (kubectl) with a timeout and captured output.
#pragma once
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace httplib { class SSLClient; }

namespace qareports::emulator::testing {

// A temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1: killed at the timeout
  std::string out;
  std::string err;
};

// Runs argv with extra environment entries, waiting up to timeout_seconds.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                         double timeout_seconds, const std::string& stdin_data = "");

// A child process running in the background, its stdout and stderr
// collected into files.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                    const std::string& dir);
  ~BackgroundProcess();
  // Waits for the exit; returns the exit code, or -1 at the timeout.
  int Wait(double timeout_seconds);
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string out_path_;
};

class Emulator {
 public:
  struct Options {
    std::string rules_yaml;
    double time_scale = 1.0;
    std::string state_path;
    std::string faults;
  };
  explicit Emulator(const Options& options);
  Emulator() : Emulator(Options{}) {}
  ~Emulator();

  // Starts the process and waits for its ready line; false on failure.
  bool Start(std::string* error);
  // SIGTERM; returns the exit code and the time it took in *millis.
  int Stop(long* millis = nullptr);

  const std::string& api_url() const { return api_url_; }
  const std::string& squad_url() const { return squad_url_; }
  const std::string& kubeconfig() const { return kubeconfig_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::string& readonly_token() const { return readonly_token_; }
  const std::string& ca_path() const { return ca_path_; }
  int api_port() const;
  const TempDir& dir() const { return dir_; }
  // An HTTPS client trusting the emulator's CA, with the admin token.
  std::unique_ptr<httplib::SSLClient> Client(const std::string& token = "") const;
  // Runs kubectl with a private HOME and cache directory.
  ProcessResult Kubectl(const std::vector<std::string>& args, double timeout_seconds = 60,
                        const std::string& stdin_data = "") const;
  std::unique_ptr<BackgroundProcess> KubectlInBackground(const std::vector<std::string>& args) const;
  // Waits until every Deployment of `ns` has rolled out and the simulated
  // controllers stopped writing there (every object's resourceVersion the
  // same in two reads in a row), up to `timeout_seconds`; says why not when
  // it times out, else "". For tests that compare live state, such as a diff.
  std::string Settle(const std::string& ns, double timeout_seconds = 60) const;

 private:
  std::vector<std::string> KubectlArgv(const std::vector<std::string>& args) const;
  std::vector<std::string> KubectlEnv() const;
  Options options_;
  TempDir dir_;
  pid_t pid_ = -1;
  std::string api_url_, squad_url_, kubeconfig_, admin_token_, readonly_token_, ca_path_;
};

// The kubectl binary to use, or "" when there is none.
std::string KubectlPath();

}  // namespace qareports::emulator::testing
