// Load benchmark of qareports-emulator: starts an emulator, stores N
// ConfigMaps, then runs C concurrent clients (gets, paged lists with a
// label selector, merge patches) for S seconds and reports requests per
// second, latency percentiles and errors.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "storage/base64.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Target {
  int port = 0;
  std::string token;
  std::string ca_path;
};

std::unique_ptr<httplib::SSLClient> Client(const Target& t) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", t.port);
  c->set_ca_cert_path(t.ca_path.c_str());
  c->enable_server_certificate_verification(true);
  c->set_bearer_token_auth(t.token.c_str());
  c->set_keep_alive(true);
  return c;
}

pid_t StartEmulator(const std::string& binary, const std::string& dir, Target* t) {
  int out[2];
  if (pipe(out) != 0) return -1;
  std::string kubeconfig = dir + "/kubeconfig";
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execl(binary.c_str(), binary.c_str(), "--kubeconfig", kubeconfig.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  auto api = line.find("api=https://127.0.0.1:");
  if (api == std::string::npos) return -1;
  t->port = std::atoi(line.c_str() + api + 22);
  YAML::Node kc = YAML::LoadFile(kubeconfig);
  t->token = kc["users"][0]["user"]["token"].as<std::string>();
  std::string ca;
  qareports::emulator::Base64Decode(kc["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>(), &ca);
  t->ca_path = dir + "/ca.crt";
  std::ofstream(t->ca_path) << ca;
  return pid;
}

void Seed(const Target& t, int objects) {
  auto c = Client(t);
  c->Post("/api/v1/namespaces", R"({"metadata":{"name":"bench"}})", "application/json");
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w)
    threads.emplace_back([&, w] {
      auto cl = Client(t);
      for (int i = w; i < objects; i += 8) {
        std::string body = "{\"metadata\":{\"name\":\"cm-" + std::to_string(i) + "\",\"labels\":{\"shard\":\"s" +
                           std::to_string(i % 20) + "\"}},\"data\":{\"value\":\"" + std::to_string(i) + "\"}}";
        cl->Post("/api/v1/namespaces/bench/configmaps", body, "application/json");
      }
    });
  for (auto& th : threads) th.join();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct PageCosts {
  double first_ms = 0;  // the first page of 500, no selector
  double walk_ms = 0;   // a page of 500 in a walk through every object with continue tokens
  double selected_ms = 0;  // the first page of 100 with a label selector matching 1 in 20
};

// What one list page costs, by one client alone: the figure that must not
// grow with the number of objects.
PageCosts MeasurePages(const Target& t) {
  auto c = Client(t);
  auto timed = [&](const std::string& path, std::string* body) {
    auto begin = Clock::now();
    auto r = c->Get(path.c_str());
    if (body != nullptr && r) *body = r->body;
    return std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  };
  PageCosts out;
  std::vector<double> first, walk, selected;
  for (int i = 0; i < 20; ++i) {
    first.push_back(timed("/api/v1/namespaces/bench/configmaps?limit=500", nullptr));
    selected.push_back(timed("/api/v1/namespaces/bench/configmaps?limit=100&labelSelector=shard%3Ds3", nullptr));
  }
  std::string token;
  do {
    std::string body;
    walk.push_back(timed("/api/v1/namespaces/bench/configmaps?limit=500" + (token.empty() ? "" : "&continue=" + token),
                         &body));
    auto page = nlohmann::json::parse(body, nullptr, false);
    token = page.is_object() ? page["metadata"].value("continue", "") : "";
  } while (!token.empty());
  out.first_ms = Median(first);
  out.walk_ms = Median(walk);
  out.selected_ms = Median(selected);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = QAREPORTS_EMULATOR_BINARY;
  int objects = 2000, concurrency = 50;
  double seconds = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string f = argv[i];
    if (f == "--emulator") binary = argv[i + 1];
    else if (f == "--objects") objects = std::atoi(argv[i + 1]);
    else if (f == "--concurrency") concurrency = std::atoi(argv[i + 1]);
    else if (f == "--seconds") seconds = std::atof(argv[i + 1]);
  }
  std::string dir = (std::filesystem::temp_directory_path() / ("qareports-bench-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(dir);
  Target t;
  auto start_time = Clock::now();
  pid_t pid = StartEmulator(binary, dir, &t);
  if (pid <= 0) {
    std::fprintf(stderr, "emulator did not start\n");
    return 1;
  }
  double startup_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_time).count();
  Seed(t, objects);
  PageCosts pages = MeasurePages(t);
  std::mutex mu;
  std::vector<double> latencies;
  std::atomic<long> errors{0};
  auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  std::vector<std::thread> workers;
  for (int w = 0; w < concurrency; ++w)
    workers.emplace_back([&, w] {
      auto c = Client(t);
      std::vector<double> mine;
      for (long i = w; Clock::now() < deadline; i += concurrency) {
        auto begin = Clock::now();
        std::string name = "cm-" + std::to_string((i * 7919) % objects);
        auto request = [&]() -> httplib::Result {
          switch (i % 10) {
            case 6:
            case 7:
              return c->Get(("/api/v1/namespaces/bench/configmaps?limit=100&labelSelector=shard%3Ds" +
                             std::to_string(i % 20)).c_str());
            case 8:
              return c->Patch(("/api/v1/namespaces/bench/configmaps/" + name).c_str(),
                              "{\"data\":{\"touched\":\"" + std::to_string(i) + "\"}}",
                              "application/merge-patch+json");
            default:
              return c->Get(("/api/v1/namespaces/bench/configmaps/" + name).c_str());
          }
        };
        httplib::Result r = request();
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
        if (!r || r->status >= 300) ++errors;
      }
      std::lock_guard<std::mutex> l(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  for (auto& th : workers) th.join();
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  std::filesystem::remove_all(dir);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))];
  };
  std::printf("startup_ms=%.0f objects=%d concurrency=%d seconds=%.0f requests=%zu errors=%ld rps=%.0f "
              "p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f\n"
              "list page (one client, median): first_500_ms=%.1f walk_500_ms=%.1f selected_100_ms=%.1f\n",
              startup_ms, objects, concurrency, seconds, latencies.size(), errors.load(),
              latencies.size() / seconds, pct(0.50), pct(0.95), pct(0.99), latencies.empty() ? 0.0 : latencies.back(),
              pages.first_ms, pages.walk_ms, pages.selected_ms);
  return errors.load() == 0 ? 0 : 1;
}
