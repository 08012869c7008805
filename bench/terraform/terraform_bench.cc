// What the Terraform driver adds over bare terraform, side by side in one
// run: for layers of N terraform_data resources (every one updated each
// round), the plan step as a reviewing pipeline runs it bare (`terraform
// init`, `plan -out=F`, `show -json F`) against the driver's Init + Plan
// (the same three, with -json read line by line and the plan read into
// its view), and the apply step bare (`apply F`) against the driver's
// Apply (-json, read); and the driver's own peak memory (this process's,
// reset before each measure; terraform's is its own either way). Prints
// Markdown.
//   terraform_bench [ROUNDS]   (sizes 10, 100, 1000)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <string>
#include <vector>

#include "sys/process_runner.h"
#include "terraform/driver.h"

namespace {

namespace fs = std::filesystem;
using qareports::terraform::Driver;
using qareports::terraform::Layer;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long StatusKiB(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return 0;
}

void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void WriteLayer(const fs::path& dir, int n) {
  fs::create_directories(dir);
  std::ofstream(dir / "main.tf") << "terraform {\n  backend \"local\" {}\n}\n\nvariable \"generation\" {\n  type = number\n}\n\n"
                                 << "resource \"terraform_data\" \"r\" {\n  count = " << n
                                 << "\n  input = { index = count.index, generation = var.generation }\n}\n";
}

struct Times {
  double plan = 0, apply = 0;
  double plan_cpu = 0, apply_cpu = 0;  // the driver's own (this process's) CPU time
};

double SelfCpuMs() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

std::optional<Times> Bare(qareports::sys::ProcessRunner& runner, const Layer& layer, int generation) {
  auto run = [&](std::vector<std::string> args) {
    qareports::sys::ProcessRequest r;
    r.argv = {"terraform", "-chdir=" + layer.dir};
    r.argv.insert(r.argv.end(), args.begin(), args.end());
    r.env = {{"TF_DATA_DIR", layer.dir + "/.terraform/bare"}, {"TF_IN_AUTOMATION", "1"},
             {"TF_VAR_generation", std::to_string(generation)}, {"CHECKPOINT_DISABLE", "1"}};
    r.timeout_seconds = 3600;
    return runner.Run(r).exit_code == 0;
  };
  std::string plan = layer.dir + "/bare.tfplan";
  double t0 = Now();
  if (!run({"init", "-input=false", "-reconfigure", "-backend-config=path=" + layer.backend.at("path") + ".bare"}) ||
      !run({"plan", "-input=false", "-lock-timeout=0s", "-out=" + plan}) || !run({"show", "-json", plan})) {
    return std::nullopt;
  }
  double t1 = Now();
  if (!run({"apply", "-input=false", "-lock-timeout=0s", plan})) return std::nullopt;
  return Times{(t1 - t0) * 1000, (Now() - t1) * 1000};
}

std::optional<Times> WithDriver(Driver& driver, Layer layer, int generation) {
  layer.vars["generation"] = std::to_string(generation);
  double t0 = Now(), c0 = SelfCpuMs();
  if (!driver.Init(layer).ok()) return std::nullopt;
  auto plan = driver.Plan(layer);
  if (!plan.ok()) return std::nullopt;
  double t1 = Now(), c1 = SelfCpuMs();
  if (!driver.Apply(layer, *plan).ok()) return std::nullopt;
  return Times{(t1 - t0) * 1000, (Now() - t1) * 1000, c1 - c0, SelfCpuMs() - c1};
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::stoi(argv[1]) : 5;
  fs::path work = fs::temp_directory_path() / ("qareports-terraform-bench-" + std::to_string(::getpid()));
  qareports::sys::RealProcessRunner runner;
  std::cout << "| resources | plan: bare (ms) | plan: driver (ms) | added | driver's CPU (ms) | apply: bare (ms) "
               "| apply: driver (ms) | added | driver's CPU (ms) | driver's own peak RSS (MiB) |\n"
            << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (int n : {10, 100, 1000}) {
    fs::path dir = work / std::to_string(n);
    WriteLayer(dir, n);
    Layer layer{"bench", dir.string(), {{"path", (dir / "state.tfstate").string()}}, {}};
    Driver driver(runner, {});
    std::vector<double> bare_plan, bare_apply, plan, apply, plan_cpu, apply_cpu;
    long peak = 0;
    for (int round = 0; round <= rounds; ++round) {  // round 0 warms up and creates
      std::optional<Times> bare = Bare(runner, layer, round);
      if (!bare) return std::cerr << "bare terraform failed at " << n << "\n", 1;
      ResetPeak();
      std::optional<Times> driven = WithDriver(driver, layer, round);
      if (!driven) return std::cerr << "the driver failed at " << n << "\n", 1;
      if (round == 0) continue;
      bare_plan.push_back(bare->plan);
      bare_apply.push_back(bare->apply);
      plan.push_back(driven->plan);
      apply.push_back(driven->apply);
      plan_cpu.push_back(driven->plan_cpu);
      apply_cpu.push_back(driven->apply_cpu);
      peak = std::max(peak, StatusKiB("VmHWM:"));
    }
    double bp = Median(bare_plan), dp = Median(plan), ba = Median(bare_apply), da = Median(apply);
    std::printf("| %d | %.0f | %.0f | %+.1f%% | %.0f | %.0f | %.0f | %+.1f%% | %.0f | %.1f |\n", n, bp, dp,
                (dp - bp) / bp * 100, Median(plan_cpu), ba, da, (da - ba) / ba * 100, Median(apply_cpu), peak / 1024.0);
    std::fflush(stdout);
  }
  fs::remove_all(work);
  return 0;
}
