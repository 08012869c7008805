#include "terraform/plan_view.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace qareports::terraform {
namespace {

TEST(PlanViewTest, AFormatOfAnotherMajorVersionIsRefusedAndUnknownKeysIgnored) {
  Result<PlanView> future = ParsePlanView(R"({"format_version":"2.0","resource_changes":[]})", {});
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(future.error().message.find("format 2.0"), std::string::npos);
  Result<PlanView> newer = ParsePlanView(
      R"({"format_version":"1.9","something_new":{"x":1},"resource_changes":[
          {"address":"a.b","change":{"actions":["create"],"before":null,"after":{"k":"v"},"after_unknown":{},
           "new_field":true}}]})",
      {});
  ASSERT_TRUE(newer.ok()) << newer.error().ToString();
  ASSERT_EQ(newer->resources.size(), 1u);
  EXPECT_EQ(newer->resources[0].Describe(), std::vector<std::string>{"k: + \"v\""});
  EXPECT_FALSE(ParsePlanView("not json", {}).ok());
}

TEST(PlanViewTest, MarkedValuesAndKnownSecretsAreMaskedWhereverTheyAre) {
  Result<PlanView> view = ParsePlanView(
      R"({"format_version":"1.2","resource_changes":[
          {"address":"x.y","change":{"actions":["update"],
           "before":{"a":"old","tags":{"t":"s3cr3t-value"},"list":["p","q"]},
           "after":{"a":"new","tags":{"t":"s3cr3t-value2"},"list":["p","r"]},
           "before_sensitive":{"a":true,"list":[false,false]},"after_sensitive":{"a":true,"list":[false,true]},
           "after_unknown":{}}}]})",
      {"s3cr3t-value"});
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  std::string shown;
  for (const std::string& line : view->resources[0].Describe()) shown += line + "\n";
  EXPECT_EQ(shown.find("old"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("new"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("s3cr3t"), std::string::npos) << shown;
  EXPECT_NE(shown.find("a: (sensitive value) -> (sensitive value)"), std::string::npos) << shown;
  EXPECT_NE(shown.find("list[1]: \"q\" -> (sensitive value)"), std::string::npos) << shown;
}

TEST(PlanViewTest, ASecretThatJsonEscapesIsMaskedToo) {
  const std::string secret = "pa\"ss\\word";
  nlohmann::json plan = {{"format_version", "1.2"},
                         {"resource_changes",
                          {{{"address", "x.y"},
                            {"change",
                             {{"actions", {"create"}},
                              {"before", nullptr},
                              {"after", {{"conn", "user:" + secret + "@db"}, {"nested", {{"k", {secret}}}}}},
                              {"after_unknown", nlohmann::json::object()}}}}}}};
  Result<PlanView> view = ParsePlanView(plan.dump(), {secret});
  ASSERT_TRUE(view.ok()) << view.error().ToString();
  std::string shown;
  for (const std::string& line : view->resources[0].Describe()) shown += line + "\n";
  EXPECT_EQ(shown.find("pa"), std::string::npos) << shown;
  EXPECT_NE(shown.find("conn: + \"user:(sensitive value)@db\""), std::string::npos) << shown;
}

TEST(PlanViewTest, TheGitLabReportCountsAReplaceAsACreateAndADelete) {
  PlanView a, b;
  a.resources = {{"r1", Action::kReplace, "", "", {}}, {"r2", Action::kCreate, "", "", {}}};
  b.resources = {{"r3", Action::kUpdate, "", "", {}}, {"r4", Action::kDelete, "", "", {}},
                 {"r5", Action::kNoop, "", "", {}}};
  EXPECT_EQ(GitLabReport({&a, &b}), "{\"create\":2,\"delete\":2,\"update\":1}\n");
  EXPECT_EQ(GitLabReport({}), "{\"create\":0,\"delete\":0,\"update\":0}\n");
}

}  // namespace
}  // namespace qareports::terraform
