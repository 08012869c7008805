#include "plan/diff.h"

#include <gtest/gtest.h>

namespace qareports::plan {
namespace {

TEST(DiffTest, IgnoresWhatTheServerOwns) {
  nlohmann::json live = {{"metadata", {{"name", "web"}, {"uid", "1"}, {"resourceVersion", "7"}, {"generation", 2},
                                       {"creationTimestamp", "2026-11-24T10:00:00Z"},
                                       {"managedFields", nlohmann::json::array({{{"manager", "kubectl"}}})},
                                       {"annotations", {{"deployment.kubernetes.io/revision", "3"}}}}},
                         {"spec", {{"replicas", 2}}},
                         {"status", {{"readyReplicas", 1}}}};
  nlohmann::json merged = {{"metadata", {{"name", "web"}, {"uid", "1"}, {"resourceVersion", "8"}}},
                           {"spec", {{"replicas", 2}}}};
  EXPECT_TRUE(Diff(live, merged).empty());
}

TEST(DiffTest, MatchesNamedListItemsByName) {
  nlohmann::json live = {{"spec", {{"containers", {{{"name", "squad"}, {"image", "squad:1.89"}},
                                                   {{"name", "httpd"}, {"image", "httpd:2.4"}}}}}}};
  nlohmann::json merged = {{"spec", {{"containers", {{{"name", "httpd"}, {"image", "httpd:2.4"}},
                                                     {{"name", "squad"}, {"image", "squad:1.90"}}}}}}};
  std::vector<Change> changes = Diff(live, merged);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, "spec.containers[name=squad].image");
  EXPECT_EQ(Describe(changes, false)[0], "~ spec.containers[name=squad].image: \"squad:1.89\" -> \"squad:1.90\"");
}

TEST(DiffTest, SecretValuesAreNeverDescribed) {
  nlohmann::json live = {{"data", {{"PASSWORD", "b2xk"}, {"GONE", "eA=="}}}};
  nlohmann::json merged = {{"data", {{"PASSWORD", "bmV3"}, {"NEW", "eQ=="}}}};
  std::vector<std::string> lines = Describe(Diff(live, merged), true);
  ASSERT_EQ(lines.size(), 3u);
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find("b2xk"), std::string::npos);
    EXPECT_EQ(line.find("bmV3"), std::string::npos);
    EXPECT_EQ(line.find("eQ=="), std::string::npos);
  }
  EXPECT_EQ(lines[1], "~ data.NEW: (secret value added)");
  EXPECT_EQ(lines[2], "~ data.PASSWORD: (secret value changed)");
}

}  // namespace
}  // namespace qareports::plan
