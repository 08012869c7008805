#include "plan/unchanged.h"

#include <gtest/gtest.h>

namespace qareports::plan {
namespace {

using json = nlohmann::json;

json Desired() {
  return json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"settings","namespace":"staging","labels":{"app":"squad"}},
    "data":{"key":"value","empty":""}})");
}

// As a real API server returns the object after `Desired()` was applied by
// "qareports": its Apply entry owns the keys it set, another manager owns
// an annotation, and the server added its own metadata.
json Live() {
  return json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
    "metadata":{"name":"settings","namespace":"staging","uid":"u-1","resourceVersion":"42",
      "creationTimestamp":"2026-11-28T10:00:00Z","labels":{"app":"squad"},"annotations":{"note":"by hand"},
      "managedFields":[
        {"manager":"qareports","operation":"Apply","apiVersion":"v1","time":"2026-11-28T10:00:00Z",
         "fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:key":{},"f:empty":{}},"f:metadata":{"f:labels":{"f:app":{}}}}},
        {"manager":"kubectl-annotate","operation":"Update","apiVersion":"v1","time":"2026-11-28T10:01:00Z",
         "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:note":{}}}}}]},
    "data":{"key":"value","empty":""}})");
}

TEST(UnchangedTest, AnObjectAppliedAsItIsNowNeedsNoDryRunWhateverOthersAdded) {
  EXPECT_TRUE(AppliesUnchanged(Desired(), Live(), "qareports"));
  json live = Live();  // a real server's Apply entries may name the maps themselves too
  live["metadata"]["managedFields"][0]["fieldsV1"]["f:data"]["."] = json::object();
  EXPECT_TRUE(AppliesUnchanged(Desired(), live, "qareports"));
}

TEST(UnchangedTest, AValueThatDiffersOrIsMissingIsLeftToTheServer) {
  json live = Live();
  live["data"]["key"] = "edited by hand";
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
  live = Live();
  live["data"].erase("empty");
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
  json desired = Desired();
  desired["data"]["new"] = "x";  // a key git added
  EXPECT_FALSE(AppliesUnchanged(desired, Live(), "qareports"));
  desired = Desired();
  desired["data"]["key"] = 1;  // the same text, another type
  live = Live();
  live["data"]["key"] = "1";
  EXPECT_FALSE(AppliesUnchanged(desired, live, "qareports"));
}

TEST(UnchangedTest, AFieldTheLastApplySetAndGitNoLongerHasWouldBeRemoved) {
  json desired = Desired();
  desired["data"].erase("empty");
  EXPECT_FALSE(AppliesUnchanged(desired, Live(), "qareports"));
  desired = Desired();
  desired["metadata"].erase("labels");
  EXPECT_FALSE(AppliesUnchanged(desired, Live(), "qareports"));
}

TEST(UnchangedTest, WithoutTheManagersOneApplyEntryTheServerDecides) {
  EXPECT_FALSE(AppliesUnchanged(Desired(), Live(), "someone-else"));
  json live = Live();
  live["metadata"]["managedFields"][0]["operation"] = "Update";  // a client-side apply or an edit
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
  live = Live();
  live["metadata"]["managedFields"][0]["apiVersion"] = "v2";
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
  live = Live();
  live["metadata"]["managedFields"].push_back(live["metadata"]["managedFields"][0]);
  live["metadata"]["managedFields"][2]["subresource"] = "status";
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
  live = Live();
  live["metadata"].erase("managedFields");
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
}

TEST(UnchangedTest, ListsNullsAndObjectsBeingDeletedAreLeftToTheServer) {
  json desired = Desired(), live = Live();
  desired["data"] = json::object();
  desired["spec"] = {{"ports", json::array({{{"port", 80}}})}};
  live["spec"] = desired["spec"];
  live["metadata"]["managedFields"][0]["fieldsV1"] = json::parse(
      R"({"f:metadata":{"f:labels":{"f:app":{}}},"f:data":{},"f:spec":{"f:ports":{"k:{\"port\":80}":{".":{},"f:port":{}}}}})");
  live["data"] = json::object();
  EXPECT_FALSE(AppliesUnchanged(desired, live, "qareports"));
  desired = Desired();
  desired["data"]["key"] = nullptr;
  EXPECT_FALSE(AppliesUnchanged(desired, Live(), "qareports"));
  live = Live();
  live["metadata"]["deletionTimestamp"] = "2026-11-28T11:00:00Z";
  EXPECT_FALSE(AppliesUnchanged(Desired(), live, "qareports"));
}

TEST(UnchangedTest, AnEmptyMapIsALeafOnBothSides) {
  json desired = Desired(), live = Live();
  desired["data"] = json::object();
  live["data"] = json::object();
  live["metadata"]["managedFields"][0]["fieldsV1"]["f:data"] = json::object();
  EXPECT_TRUE(AppliesUnchanged(desired, live, "qareports"));
  live["data"] = {{"other", "kept by another manager"}};
  EXPECT_FALSE(AppliesUnchanged(desired, live, "qareports"));
}

}  // namespace
}  // namespace qareports::plan
