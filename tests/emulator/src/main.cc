// qareports-emulator: a Kubernetes API server stand-in for tests and the
// demo. Parses flags, builds the cluster, serves until SIGTERM or SIGINT,
// writes the state back and exits 0.
#include <openssl/rand.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include "api/api_server.h"
#include "controllers/controller_loop.h"
#include "api/faults.h"
#include "api/kubeconfig_writer.h"
#include "api/options.h"
#include "controllers/rules.h"
#include "squad/squad_server.h"
#include "storage/state_file.h"

using namespace qareports::emulator;

static std::string RandomToken() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  std::string out;
  char hex[3];
  for (unsigned char b : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    out += hex;
  }
  return out;
}

static int Fail(const std::string& message) {
  std::cerr << "qareports-emulator: " << message << std::endl;
  return 1;
}

static sigset_t BlockSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Stops the servers and controllers and writes the state; if that takes
// longer than 800 ms, writes the state and leaves at once.
static void Shutdown(ApiServer& api, SquadServer& squad, ControllerLoop& controllers,
                     std::thread& api_thread, std::thread& squad_thread, Store& store,
                     const Options& opts) {
  std::atomic<bool> finished{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 80 && !finished.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!finished.load()) {
      std::string e;
      if (!opts.state.empty()) SaveState(opts.state, store, &e);
      std::fflush(nullptr);
      _exit(0);
    }
  });
  api.Stop();
  squad.Stop();
  api_thread.join();
  squad_thread.join();
  controllers.Stop();
  std::string error;
  if (!opts.state.empty() && !SaveState(opts.state, store, &error)) std::cerr << error << std::endl;
  finished = true;
  watchdog.join();
}

static int Serve(const Options& opts, const Rules& rules, Faults& faults, sigset_t signals) {
  std::string error;
  TlsMaterial tls;
  if (!GenerateTlsMaterial(&tls, &error)) return Fail(error);
  Credentials creds{RandomToken(), RandomToken()};
  SimClock clock(opts.time_scale);
  Store store;
  Bootstrap(store, clock);
  if (!opts.state.empty() && !LoadState(opts.state, store, clock, &error)) return Fail(error);
  ControllerLoop controllers(store, clock, rules);
  SquadOutages outages;
  ApiServer api(store, clock, controllers, faults, outages, tls, creds);
  SquadServer squad(store, rules.squad, outages);
  if (!api.valid()) return Fail("cannot set up TLS");
  int api_port = api.Bind();
  int squad_port = squad.Bind();
  if (api_port <= 0 || squad_port <= 0) return Fail("cannot bind a port on 127.0.0.1");
  std::string server = "https://127.0.0.1:" + std::to_string(api_port);
  if (!WriteKubeconfig(opts.kubeconfig, server, tls, creds, &error)) return Fail(error);

  controllers.Start();
  std::thread api_thread([&] { api.Run(); });
  std::thread squad_thread([&] { squad.Run(); });
  std::cout << "ready api=" << server << " squad=http://127.0.0.1:" << squad_port << std::endl;
  int sig = 0;
  do {
    sigwait(&signals, &sig);
  } while (sig == SIGPIPE);
  Shutdown(api, squad, controllers, api_thread, squad_thread, store, opts);
  return 0;
}

int main(int argc, char** argv) {
  sigset_t signals = BlockSignals();
  Options opts;
  std::string error;
  if (!ParseOptions(std::vector<std::string>(argv + 1, argv + argc), &opts, &error)) {
    std::cerr << error;
    return 64;
  }
  Rules rules;
  if (!opts.rules.empty() && !LoadRules(opts.rules, &rules, &error)) return Fail(error);
  Faults faults;
  if (!faults.Set(opts.faults, &error)) return Fail("--faults: " + error);
  // Objects may nest 10,000 deep, as a real server takes them (Go's limit).
  // Copying and serialising them recurses, which a sanitized build cannot
  // do 10,000 deep within the default 8 MB, so every thread, serving
  // included, gets 32 MB (reserved, and used only as deep as it goes).
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::size_t{32} << 20);
  pthread_setattr_default_np(&attr);
  pthread_attr_destroy(&attr);
  int code = 0;
  std::thread serving([&] { code = Serve(opts, rules, faults, signals); });
  serving.join();
  return code;
}
