// What upgrade changes in a release's objects (SQUAD's images, nothing else)
// and which migrations a migration log says it applied.
#include "deploy/objects.h"

#include <gtest/gtest.h>

#include "deploy/migration.h"

namespace qareports::deploy {
namespace {

TEST(DeployObjectsTest, UpgradeMovesOnlySquadContainers) {
  nlohmann::json objects = nlohmann::json::parse(R"([
    {"kind":"Deployment","metadata":{"name":"web","namespace":"ns"},"spec":{"template":{"spec":{
      "initContainers":[{"name":"static","image":"reg/squad:1.89"}],
      "containers":[{"name":"squad","image":"reg/squad:1.89"},{"name":"httpd","image":"httpd:2.4"}]}}}},
    {"kind":"ConfigMap","metadata":{"name":"settings","namespace":"ns"},"data":{"image":"reg/squad:1.89"}},
    {"kind":"Deployment","metadata":{"name":"relay","namespace":"kube-system"},"spec":{"template":{"spec":{
      "containers":[{"name":"relay","image":"reg/squadish:1"}]}}}}])");
  nlohmann::json moved = WithSquadVersion(objects, "reg/squad", "1.90");
  EXPECT_EQ(moved[0]["spec"]["template"]["spec"]["initContainers"][0]["image"], "reg/squad:1.90");
  EXPECT_EQ(moved[0]["spec"]["template"]["spec"]["containers"][0]["image"], "reg/squad:1.90");
  EXPECT_EQ(moved[0]["spec"]["template"]["spec"]["containers"][1]["image"], "httpd:2.4");
  EXPECT_EQ(moved[1], objects[1]) << "config is not touched";
  EXPECT_EQ(moved[2], objects[2]);
  EXPECT_EQ(Workloads(objects, "ns"), std::vector<std::string>{"web"});
}

TEST(DeployObjectsTest, AppliedMigrationsAreReadFromTheLog) {
  std::string log =
      "Operations to perform:\n  Apply all migrations: admin, squad\nRunning migrations:\n"
      "  Applying squad.0150_add_field... OK\n  Applying core.0002_auto_20231001_1200... OK\n"
      "  Applying squad.0151_broken...\nTraceback (most recent call last):\n";
  EXPECT_EQ(AppliedMigrations(log), (std::vector<std::string>{"squad.0150_add_field", "core.0002_auto_20231001_1200"}));
  EXPECT_TRUE(AppliedMigrations("No migrations to apply.\n").empty());
  // A name of 100,000 characters took a stack frame per character (util/linear_regex.h).
  std::string name = "squad." + std::string(100000, 'a');
  EXPECT_EQ(AppliedMigrations("  Applying " + name + "... OK\n"), std::vector<std::string>{name});
}

}  // namespace
}  // namespace qareports::deploy
