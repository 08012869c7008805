// Shared helpers for the emulator tests: starting an emulator inside a
// test, skipping (with the reason printed) when kubectl is absent, and
// reading fixtures.
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "emulator_process.h"
#include "fixtures/build_paths.h"

namespace qareports::emulator::testing {

inline std::string Fixture(const std::string& name) {
  return std::string(QAREPORTS_SOURCE_DIR) + "/tests/emulator/fixtures/" + name;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `condition` every 50 ms for up to `seconds`.
inline bool Eventually(const std::function<bool()>& condition, double seconds = 20) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

#define QAREPORTS_REQUIRE_KUBECTL()                                                              \
  do {                                                                                           \
    if (::qareports::emulator::testing::KubectlPath().empty()) {                                 \
      std::printf("SKIPPED: no kubectl found (looked for $QAREPORTS_KUBECTL, /usr/bin/kubectl, " \
                  "kubectl on PATH)\n");                                                         \
      GTEST_SKIP() << "no kubectl found ($QAREPORTS_KUBECTL, /usr/bin/kubectl, PATH)";           \
    }                                                                                            \
  } while (0)

#define QAREPORTS_START(emu)                      \
  do {                                            \
    std::string start_error;                      \
    ASSERT_TRUE((emu).Start(&start_error)) << start_error; \
  } while (0)

}  // namespace qareports::emulator::testing
