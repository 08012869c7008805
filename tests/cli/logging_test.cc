// The job's log kept for its submission: every line in order, the oldest
// dropped past 20,000.
#include "cli/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace qareports::cli {
namespace {

TEST(LoggingTest, TheJobLogKeepsTheLinesInOrderAndOnlyTheLast20000) {
  SetUpLogging(0);
  EXPECT_EQ(JobLog(), "");
  spdlog::info("first");
  spdlog::debug("not at this level");
  spdlog::warn("second");
  EXPECT_EQ(JobLog(), "info: first\nwarning: second\n");
  spdlog::default_logger()->sinks().front()->set_level(spdlog::level::off);  // stderr spared the flood
  for (int i = 0; i < 20050; ++i) spdlog::info("line {}", i);
  std::string log = JobLog();
  EXPECT_EQ(log.substr(0, log.find('\n')), "info: line 50");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 20000);
  SetUpLogging(0);
  EXPECT_EQ(JobLog(), "") << "each job's log starts afresh";
  spdlog::default_logger()->sinks().front()->set_level(spdlog::level::trace);
}

}  // namespace
}  // namespace qareports::cli
