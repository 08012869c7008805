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

TEST(DiffTest, AnObjectsChangesAreBoundedAndWhatIsLeftOutIsCounted) {
  nlohmann::json live = {{"kind", "ConfigMap"}, {"data", nlohmann::json::object()}};
  nlohmann::json merged = live;
  for (int i = 0; i < 250; ++i) merged["data"]["key" + std::to_string(1000 + i)] = "v";
  std::string big = std::string(kMaxValueBytes - 1, 'a') + "é" + std::string(5000, 'b');  // é straddles the cut
  merged["data"]["big"] = big;
  size_t more = 0;
  std::vector<Change> changes = Diff(live, merged, &more);
  EXPECT_EQ(changes.size(), kMaxChanges);
  EXPECT_EQ(changes.size() + more, 251u);
  const Change& b = changes.front();  // "big" sorts first
  ASSERT_EQ(b.path, "data.big");
  std::string kept = b.after.get<std::string>();
  EXPECT_EQ(kept.rfind(std::string(kMaxValueBytes - 1, 'a') + "… (", 0), 0u) << kept.substr(0, 20);
  EXPECT_NE(kept.find("(5002 more bytes)"), std::string::npos) << kept.substr(kMaxValueBytes - 10);
  std::vector<std::string> lines = Describe(changes, false, more);
  EXPECT_EQ(lines.back(), "… and 151 more changes");
  EXPECT_LT(lines.front().size(), kMaxValueBytes + 64);
}

}  // namespace
}  // namespace qareports::plan
