// Unit tests of the emulator's pure parts: quantities, selectors, patches,
// field sets and server-side apply, with no process started.
#include <gtest/gtest.h>

#include "api/api_error.h"
#include "storage/field_set.h"
#include "storage/field_types.h"
#include "storage/json_depth.h"
#include "storage/managed_fields.h"
#include "storage/patches.h"
#include "storage/quantity.h"
#include "controllers/rules.h"
#include "storage/selectors.h"

namespace qareports::emulator {
namespace {

std::string Canon(const std::string& q) {
  std::string out;
  EXPECT_TRUE(CanonicalQuantity(q, &out)) << q;
  return out;
}

TEST(JsonDepthTest, NestingIsMeasuredWithoutRecursion) {
  const std::size_t depth = 1000000;  // far beyond what a thread's stack would take by recursion
  json deep = json::parse(std::string(depth, '[') + std::string(depth, ']'));
  EXPECT_FALSE(NestsDeeperThan(deep, depth));
  EXPECT_TRUE(NestsDeeperThan(deep, depth - 1));
  EXPECT_FALSE(NestsDeeperThan(json(7), 0));
  json wide = {{"a", {1, 2}}, {"b", {{"c", {{"d", json::array()}}}}}};  // the deepest branch is 4
  EXPECT_FALSE(NestsDeeperThan(wide, 4));
  EXPECT_TRUE(NestsDeeperThan(wide, 3));
}

// Go's messages, as a real server answers (compared with its answers in
// public bug reports: ConfigMap.data, ObjectMeta.metadata.labels,
// EnvVar.spec.template.spec.containers.env.value).
TEST(FieldTypesTest, AValueOfTheWrongTypeIsNamedAsGosDecoderNamesIt) {
  auto deployment = [](const json& pod_spec, const json& spec = json::object()) {
    json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "web"}}},
              {"spec", {{"template", {{"spec", pod_spec}}}}}};
    d["spec"].update(spec);
    return FieldTypeError("apps/v1", "Deployment", d);
  };
  json web = {{"name", "web"}, {"image", "nginx"}};
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"replicas", 2}}), "");
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"replicas", "two"}}),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"replicas", 1.5}}),
            "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32");
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"replicas", 3000000000LL}}),
            "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32");
  // int64 fields take it; null is taken anywhere, as Go leaves the field unset.
  EXPECT_EQ(deployment({{"containers", {web}}, {"terminationGracePeriodSeconds", 3000000000LL}},
                       {{"replicas", nullptr}, {"paused", nullptr}}),
            "");
  json env = web;
  env["env"] = {{{"name", "PORT"}, {"value", 8080}}};
  EXPECT_EQ(deployment({{"containers", {env}}}),
            "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value "
            "of type string");
  EXPECT_EQ(deployment({{"containers", "web"}}),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers "
            "of type []v1.Container");
  EXPECT_EQ(deployment({{"containers", {"web"}}}),
            "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers "
            "of type v1.Container");
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"template", {{"metadata", {{"labels", {{"tier", 1}}}}}}}}),
            "json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels "
            "of type string");
  EXPECT_EQ(deployment({{"containers", {web}}}, {{"paused", "yes"}}),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool");
  // A field of an inlined (embedded) struct is named with the struct that embeds it.
  json from = web;
  from["envFrom"] = {{{"configMapRef", {{"name", 7}}}}};
  EXPECT_EQ(deployment({{"containers", {from}}}),
            "json: cannot unmarshal number into Go struct field ConfigMapEnvSource.spec.template.spec.containers."
            "envFrom.configMapRef.name of type string");
  json cm = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "c"}}}, {"data", {{"k", 1}}}};
  EXPECT_EQ(FieldTypeError("v1", "ConfigMap", cm),
            "json: cannot unmarshal number into Go struct field ConfigMap.data of type string");
  cm["data"] = "k=v";
  EXPECT_EQ(FieldTypeError("v1", "ConfigMap", cm),
            "json: cannot unmarshal string into Go struct field ConfigMap.data of type map[string]string");
  cm["data"] = {{"k", "v"}};
  cm["metadata"]["generation"] = "1";
  EXPECT_EQ(FieldTypeError("v1", "ConfigMap", cm),
            "json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64");
  // Types with readers of their own answer without Go's context, as in public bug reports.
  auto limits = [&](const json& memory) {
    json c = web;
    c["resources"] = {{"limits", {{"memory", memory}}}};
    return deployment({{"containers", {c}}});
  };
  EXPECT_EQ(limits("64Mi"), "");
  EXPECT_EQ(limits(1.5), "");
  EXPECT_EQ(limits("192i"), "unable to parse quantity's suffix");
  EXPECT_EQ(limits("25%"), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  EXPECT_EQ(limits(json::object()),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  json c = web;
  c["resources"] = {{"limits", "1Gi"}};
  EXPECT_EQ(deployment({{"containers", {c}}}),
            "json: cannot unmarshal string into Go struct field ResourceRequirements.spec.template.spec.containers."
            "resources.limits of type v1.ResourceList");
  json svc = {{"spec", {{"ports", {{{"port", 80}, {"targetPort", "http"}}}}}}};
  EXPECT_EQ(FieldTypeError("v1", "Service", svc), "");
  svc["spec"]["ports"][0]["targetPort"] = json::object();
  EXPECT_EQ(FieldTypeError("v1", "Service", svc), "json: cannot unmarshal object into Go value of type int32");
  svc["spec"]["ports"][0]["targetPort"] = 18446744073709551615ULL;  // not -1 once read as an int64
  EXPECT_EQ(FieldTypeError("v1", "Service", svc),
            "json: cannot unmarshal number 18446744073709551615 into Go value of type int32");
  svc["spec"]["ports"][0]["targetPort"] = 80;
  svc["metadata"] = {{"creationTimestamp", 5}};
  EXPECT_EQ(FieldTypeError("v1", "Service", svc), "json: cannot unmarshal number into Go value of type string");
  // Fields the table does not declare are left to field validation; kinds it lacks are not checked.
  EXPECT_EQ(FieldTypeError("v1", "ConfigMap", {{"metadata", {{"name", "c"}}}, {"bogus", {1, 2}}}), "");
  EXPECT_EQ(FieldTypeError("example.com/v1", "Widget", {{"spec", 1}}), "");
}

TEST(RulesTest, ARuleCanBeForJobPodsOrWorkloadPodsOnly) {
  Rules rules;
  ImageRule jobs, crash;
  jobs.match = "*squad:1.91";
  jobs.pods = "jobs";
  crash.match = "*squad:1.91";
  crash.pods = "workloads";
  crash.behaviour = Behaviour::kCrashLoop;
  rules.images = {jobs, crash};
  EXPECT_EQ(rules.ForImage("reg/squad:1.91", true).behaviour, Behaviour::kReady);
  EXPECT_EQ(rules.ForImage("reg/squad:1.91", false).behaviour, Behaviour::kCrashLoop);
  EXPECT_EQ(rules.ForImage("reg/squad:1.90", false).match, "*") << "the default";
}

TEST(QuantityTest, CanonicalisesAsTheApiServerDoes) {
  EXPECT_EQ(Canon("1000m"), "1");
  EXPECT_EQ(Canon("0.5"), "500m");
  EXPECT_EQ(Canon("1500m"), "1500m");
  EXPECT_EQ(Canon("1024Mi"), "1Gi");
  EXPECT_EQ(Canon("1Gi"), "1Gi");
  EXPECT_EQ(Canon("2000"), "2k");
  EXPECT_EQ(Canon("128Mi"), "128Mi");
  EXPECT_EQ(Canon("1G"), "1G");
  EXPECT_EQ(Canon("250m"), "250m");
  EXPECT_EQ(Canon("2"), "2");
  std::string out;
  EXPECT_FALSE(CanonicalQuantity("abc", &out));
}

TEST(SelectorTest, ParsesEveryLabelOperator) {
  Selector s;
  std::string error;
  ASSERT_TRUE(ParseLabelSelector("app=web,tier!=db,env in (a,b),!legacy,team", &s, &error));
  EXPECT_TRUE(s.Matches({{"app", "web"}, {"env", "a"}, {"team", "x"}}));
  EXPECT_FALSE(s.Matches({{"app", "web"}, {"env", "c"}, {"team", "x"}}));
  EXPECT_FALSE(s.Matches({{"app", "web"}, {"env", "a"}, {"team", "x"}, {"legacy", "1"}}));
  EXPECT_FALSE(s.Matches({{"app", "web"}, {"env", "a"}}));
}

TEST(SelectorTest, RejectsUnknownFieldLabels) {
  Selector s;
  std::string error;
  EXPECT_TRUE(ParseFieldSelector("metadata.name=web", "deployments", &s, &error));
  EXPECT_FALSE(ParseFieldSelector("spec.replicas=1", "deployments", &s, &error));
  EXPECT_NE(error.find("field label not supported"), std::string::npos);
}

TEST(StrategicMergePatchTest, MergesContainersByNameAndHonoursElementOrder) {
  json live = {{"spec", {{"containers", {{{"name", "a"}, {"image", "a:1"}}, {{"name", "b"}, {"image", "b:1"}}}}}}};
  json patch = {{"spec", {{"$setElementOrder/containers", {{{"name", "b"}}, {{"name", "a"}}}},
                          {"containers", {{{"name", "a"}, {"image", "a:2"}}}}}}};
  json out = ApplyStrategicMergePatch(live, patch);
  ASSERT_EQ(out["spec"]["containers"].size(), 2u);
  EXPECT_EQ(out["spec"]["containers"][0]["name"], "b");
  EXPECT_EQ(out["spec"]["containers"][1]["image"], "a:2");
}

TEST(StrategicMergePatchTest, DeletesItemsAndKeys) {
  json live = {{"env", {{{"name", "A"}, {"value", "1"}}, {{"name", "B"}, {"value", "2"}}}}, {"x", 1}};
  json patch = {{"env", {{{"name", "A"}, {"$patch", "delete"}}}}, {"x", nullptr}};
  json out = ApplyStrategicMergePatch(live, patch);
  EXPECT_EQ(out["env"].size(), 1u);
  EXPECT_EQ(out["env"][0]["name"], "B");
  EXPECT_FALSE(out.contains("x"));
}

TEST(FieldSetTest, RoundTripsFieldsV1) {
  json o = {{"metadata", {{"name", "x"}, {"labels", {{"app", "web"}}}}},
            {"spec", {{"replicas", 2}, {"template", {{"spec", {{"containers", {{{"name", "c"}, {"image", "i"}}}}}}}}}}};
  FieldSet set = FieldsOf(o);
  EXPECT_EQ(FromFieldsV1(ToFieldsV1(set)), set);
  EXPECT_TRUE(set.count({"f:spec", "f:replicas"}));
  EXPECT_TRUE(set.count({"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image"}));
  EXPECT_FALSE(set.count({"f:metadata", "f:name"}));
}

TEST(ServerSideApplyTest, ConflictsWithAnotherManagerUnlessForced) {
  json applied = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "w"}}},
                  {"spec", {{"replicas", 2}}}};
  json live = ServerSideApply(nullptr, applied, applied, {"alice", false, "apps/v1", "t"});
  json other = applied;
  other["spec"]["replicas"] = 3;
  try {
    ServerSideApply(&live, other, other, {"bob", false, "apps/v1", "t"});
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_EQ(e.message, "Apply failed with 1 conflict: conflict with \"alice\" using apps/v1: .spec.replicas");
    EXPECT_EQ(e.details["causes"][0]["field"], ".spec.replicas");
  }
  json forced = ServerSideApply(&live, other, other, {"bob", true, "apps/v1", "t"});
  EXPECT_EQ(forced["spec"]["replicas"], 3);
}

TEST(ServerSideApplyTest, RemovesFieldsAManagerStopsApplying) {
  json first = {{"metadata", {{"name", "c"}}}, {"data", {{"a", "1"}, {"b", "2"}}}};
  json live = ServerSideApply(nullptr, first, first, {"m", false, "v1", "t"});
  json second = {{"metadata", {{"name", "c"}}}, {"data", {{"a", "1"}}}};
  json out = ServerSideApply(&live, second, second, {"m", false, "v1", "t"});
  EXPECT_FALSE(out["data"].contains("b"));
  EXPECT_EQ(out["data"]["a"], "1");
}

// A keyed list item the manager stops applying goes entirely, its key field
// included, rather than leaving a skeleton behind.
TEST(ServerSideApplyTest, RemovesAKeyedItemAManagerStopsApplying) {
  json first = json::parse(R"({"metadata": {"name": "w"}, "spec": {"template": {"spec": {"containers": [
    {"name": "httpd", "image": "httpd:2.4", "env": [
      {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
      {"name": "KEEP", "value": "1"}]}]}}}})");
  json live = ServerSideApply(nullptr, first, first, {"m", false, "apps/v1", "t"});
  json second = first;
  second["spec"]["template"]["spec"]["containers"][0]["env"].erase(0);
  json out = ServerSideApply(&live, second, second, {"m", false, "apps/v1", "t"});
  EXPECT_EQ(out["spec"]["template"]["spec"]["containers"][0]["env"], json::parse(R"([{"name":"KEEP","value":"1"}])"));
  json third = first;
  third["spec"]["template"]["spec"]["containers"][0].erase("env");
  out = ServerSideApply(&out, third, third, {"m", false, "apps/v1", "t"});
  EXPECT_EQ(out["spec"]["template"]["spec"]["containers"][0], json::parse(R"({"name":"httpd","image":"httpd:2.4"})"));
}

}  // namespace
}  // namespace qareports::emulator
