// What `status` says about a pod that is not ready, whatever the server wrote
// in its counts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "commands/status.h"

namespace qareports::commands {
namespace {

nlohmann::json CrashLooping(const std::string& restart_count) {
  return nlohmann::json::parse(R"({"status":{"phase":"Running","containerStatuses":[{"name":"web","ready":false,
      "restartCount":)" + restart_count + R"(,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})");
}

TEST(PodProblemTest, NamesTheContainerItsReasonAndItsRestarts) {
  EXPECT_EQ(PodProblem(CrashLooping("3")), "web: CrashLoopBackOff (restarts 3)");
  EXPECT_EQ(PodProblem(CrashLooping("4294967296")), "web: CrashLoopBackOff (restarts 4294967296)");
  EXPECT_EQ(PodProblem(nlohmann::json::parse(R"({"status":{"phase":"Pending"}})")), "Pending");
}

// A count that is not an integer was converted to int (undefined behaviour
// past int's range): it is taken as absent.
TEST(PodProblemTest, ARestartCountThatIsNotAnIntegerIsNotShown) {
  for (const char* count : {"1e300", "-1e300", "2.5", "\"7\"", "null"}) {
    EXPECT_EQ(PodProblem(CrashLooping(count)), "web: CrashLoopBackOff") << count;
  }
}

}  // namespace
}  // namespace qareports::commands
