// Direct HTTP tests of API semantics kubectl does not show: auth, Status
// errors, preconditions, validation, dry runs, paging, patches, defaults,
// immutable fields and watches.
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

using json = nlohmann::json;

const char* kCm = "/api/v1/namespaces/default/configmaps";

json Body(const httplib::Result& r) { return r ? json::parse(r->body, nullptr, false) : json(); }

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(emu_.Start(&error)) << error;
    client_ = emu_.Client();
  }
  httplib::Result Post(const std::string& path, const json& body, const std::string& query = "") {
    return client_->Post((path + query).c_str(), body.dump(), "application/json");
  }
  Emulator emu_;
  std::unique_ptr<httplib::SSLClient> client_;
};

TEST_F(HttpApiTest, RejectsMissingOrWrongTokensWith401Status) {
  auto anon = std::make_unique<httplib::SSLClient>("127.0.0.1", emu_.api_port());
  anon->set_ca_cert_path(emu_.ca_path().c_str());
  auto r = anon->Get("/api/v1/namespaces");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(Body(r)["reason"], "Unauthorized");
  r = emu_.Client("wrong")->Get("/api/v1/namespaces");
  EXPECT_EQ(r->status, 401);
}

TEST_F(HttpApiTest, UnknownResourcesAnswer404) {
  auto r = client_->Get("/apis/apps/v1/namespaces/default/widgets");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["kind"], "Status");
  r = client_->Get("/api/v1/namespaces/default/configmaps/nope");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["message"], "configmaps \"nope\" not found");
  EXPECT_EQ(Body(r)["details"]["kind"], "configmaps");
}

TEST_F(HttpApiTest, AssignsIdentityAndBumpsVersionsOnlyOnChange) {
  json cm = {{"metadata", {{"name", "a"}}}, {"data", {{"k", "v"}}}};
  auto r = Post(kCm, cm);
  ASSERT_EQ(r->status, 201) << r->body;
  json created = Body(r);
  EXPECT_FALSE(created["metadata"]["uid"].get<std::string>().empty());
  EXPECT_FALSE(created["metadata"]["creationTimestamp"].get<std::string>().empty());
  EXPECT_EQ(Post(kCm, cm)->status, 409);
  json stale = created;
  stale["metadata"]["resourceVersion"] = "1";
  r = client_->Put((std::string(kCm) + "/a").c_str(), stale.dump(), "application/json");
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(Body(r)["reason"], "Conflict");
  r = client_->Put((std::string(kCm) + "/a").c_str(), created.dump(), "application/json");
  EXPECT_EQ(Body(r)["metadata"]["resourceVersion"], created["metadata"]["resourceVersion"]) << "no-op update";
  created["data"]["k"] = "w";
  r = client_->Put((std::string(kCm) + "/a").c_str(), created.dump(), "application/json");
  EXPECT_GT(std::stoll(Body(r)["metadata"]["resourceVersion"].get<std::string>()),
            std::stoll(created["metadata"]["resourceVersion"].get<std::string>()));
}

TEST_F(HttpApiTest, StrictValidationNamesUnknownFields) {
  json cm = {{"metadata", {{"name", "a"}}}, {"data", {{"k", "v"}}}, {"bogus", 1}};
  auto r = Post(kCm, cm, "?fieldValidation=Strict");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(Body(r)["message"].get<std::string>().find("unknown field \"bogus\""), std::string::npos) << r->body;
  r = Post(kCm, cm, "?fieldValidation=Warn");
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->get_header_value("Warning"), "299 - \"unknown field \\\"bogus\\\"\"");
  cm["metadata"]["name"] = "b";
  r = Post(kCm, cm, "?fieldValidation=Ignore");
  EXPECT_EQ(r->status, 201);
  EXPECT_FALSE(Body(r).contains("bogus"));
}

TEST_F(HttpApiTest, FieldsOfTheWrongTypeAreRefusedAsTheRealDecoderRefusesThem) {
  json d = {{"metadata", {{"name", "web"}}},
            {"spec", {{"replicas", "two"}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                      {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                    {"spec", {{"containers", {{{"name", "web"}, {"image", "nginx"}}}}}}}}}}};
  auto r = Post("/apis/apps/v1/namespaces/default/deployments", d);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["message"], "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot "
                                "unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
  d["spec"]["replicas"] = 1;
  d["spec"]["template"]["spec"]["containers"][0]["resources"] = {{"limits", {{"memory", "192i"}}}};
  r = Post("/apis/apps/v1/namespaces/default/deployments", d);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["message"], "Deployment in version \"v1\" cannot be handled as a Deployment: unable to parse "
                                "quantity's suffix");
  // The same through a YAML body, through an update and through server-side apply.
  r = client_->Post("/api/v1/namespaces/default/configmaps", "metadata: {name: c}\ndata: {port: 8080}\n",
                    "application/yaml");
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(Body(r)["message"], "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot "
                                "unmarshal number into Go struct field ConfigMap.data of type string");
  ASSERT_EQ(Post(kCm, {{"metadata", {{"name", "c"}}}, {"data", {{"port", "8080"}}}})->status, 201);
  r = client_->Put((std::string(kCm) + "/c").c_str(), R"({"metadata":{"name":"c"},"data":{"port":8080}})",
                   "application/json");
  EXPECT_EQ(r->status, 400) << r->body;
  r = client_->Patch((std::string(kCm) + "/c?fieldManager=m").c_str(),
                     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"port":8080}})",
                     "application/apply-patch+yaml");
  EXPECT_EQ(r->status, 400) << r->body;
  // A patch is applied first and its result decoded: what cannot be decoded is a 422 naming "patch", with
  // the patched object as the value, for each patch type; the object is left as it was.
  r = client_->Patch((std::string(kCm) + "/c").c_str(), R"({"data":{"port":8080}})", "application/merge-patch+json");
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "patch");
  std::string message = Body(r)["message"];
  EXPECT_EQ(message.rfind(" \"\" is invalid: patch: Invalid value: \"{", 0), 0u) << message;
  EXPECT_NE(message.find("\\\"port\\\":8080"), std::string::npos) << message;
  EXPECT_NE(message.find("\": json: cannot unmarshal number into Go struct field ConfigMap.data of type string"),
            std::string::npos) << message;
  r = client_->Patch((std::string(kCm) + "/c").c_str(), R"([{"op":"add","path":"/data/port","value":8080}])",
                     "application/json-patch+json");
  EXPECT_EQ(r->status, 422) << r->body;
  r = client_->Patch((std::string(kCm) + "/c").c_str(), R"({"data":{"port":8080}})",
                     "application/strategic-merge-patch+json");
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "patch");
  r = client_->Patch((std::string(kCm) + "/c?fieldValidation=Strict").c_str(), R"({"bogus":1})",
                     "application/merge-patch+json");
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_NE(Body(r)["message"].get<std::string>().find(": strict decoding error: unknown field \"bogus\""),
            std::string::npos) << r->body;
  EXPECT_EQ(Body(client_->Get((std::string(kCm) + "/c").c_str()))["data"], json({{"port", "8080"}}));
  // null is taken where any type is declared: Go leaves the field unset.
  r = Post(kCm, {{"metadata", {{"name", "n"}, {"labels", nullptr}}}, {"data", nullptr}});
  EXPECT_EQ(r->status, 201) << r->body;
}

TEST_F(HttpApiTest, DryRunStoresNothing) {
  auto r = Post(kCm, {{"metadata", {{"name", "dry"}}}}, "?dryRun=All");
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(client_->Get((std::string(kCm) + "/dry").c_str())->status, 404);
}

TEST_F(HttpApiTest, ListsPageWithLimitAndContinue) {
  for (int i = 0; i < 5; ++i) Post(kCm, {{"metadata", {{"name", "cm" + std::to_string(i)}}}});
  std::vector<std::string> names;
  std::string cont;
  int pages = 0;
  do {
    std::string q = std::string(kCm) + "?limit=2" + (cont.empty() ? "" : "&continue=" + cont);
    json page = Body(client_->Get(q.c_str()));
    for (const auto& i : page["items"]) names.push_back(i["metadata"]["name"]);
    cont = page["metadata"].value("continue", "");
    ++pages;
  } while (!cont.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"cm0", "cm1", "cm2", "cm3", "cm4"}));
}

TEST_F(HttpApiTest, DefaultsAndCanonicalisesAsARealServer) {
  json d = {{"metadata", {{"name", "web"}}},
            {"spec", {{"selector", {{"matchLabels", {{"app", "web"}}}}},
                      {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                    {"spec", {{"containers", {{{"name", "web"}, {"image", "nginx"},
                                                               {"resources", {{"limits", {{"cpu", "1000m"}, {"memory", "1024Mi"}}}}}}}}}}}}}}};
  auto r = Post("/apis/apps/v1/namespaces/default/deployments", d);
  ASSERT_EQ(r->status, 201) << r->body;
  json o = Body(r);
  EXPECT_EQ(o["spec"]["replicas"], 1);
  EXPECT_EQ(o["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(o["spec"]["progressDeadlineSeconds"], 600);
  EXPECT_EQ(o["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
  EXPECT_TRUE(o["spec"]["template"]["metadata"]["creationTimestamp"].is_null());
  json c = o["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["imagePullPolicy"], "Always");
  EXPECT_EQ(c["terminationMessagePath"], "/dev/termination-log");
  EXPECT_EQ(c["resources"]["limits"]["cpu"], "1");
  EXPECT_EQ(c["resources"]["limits"]["memory"], "1Gi");
  EXPECT_EQ(o["spec"]["template"]["spec"]["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(o["metadata"]["generation"], 1);
  auto s = Post("/api/v1/namespaces/default/services",
                {{"metadata", {{"name", "web"}}}, {"spec", {{"ports", {{{"port", 80}}}}}}});
  json svc = Body(s);
  EXPECT_EQ(svc["spec"]["type"], "ClusterIP");
  EXPECT_EQ(svc["spec"]["sessionAffinity"], "None");
  EXPECT_EQ(svc["spec"]["ports"][0]["targetPort"], 80);
  EXPECT_EQ(svc["spec"]["ports"][0]["protocol"], "TCP");
}

TEST_F(HttpApiTest, ImmutableSelectorIs422AndGenerationFollowsSpecOnly) {
  std::string path = "/apis/apps/v1/namespaces/default/deployments";
  json d = {{"metadata", {{"name", "web"}}},
            {"spec", {{"selector", {{"matchLabels", {{"app", "web"}}}}},
                      {"template", {{"metadata", {{"labels", {{"app", "web"}, {"x", "y"}}}}},
                                    {"spec", {{"containers", {{{"name", "web"}, {"image", "nginx:1"}}}}}}}}}}};
  ASSERT_EQ(Post(path, d)->status, 201);
  auto r = client_->Patch((path + "/web").c_str(), R"({"spec":{"selector":{"matchLabels":{"x":"y"}}}})",
                          "application/merge-patch+json");
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(Body(r)["reason"], "Invalid");
  EXPECT_NE(Body(r)["message"].get<std::string>().find("spec.selector"), std::string::npos);
  r = client_->Patch((path + "/web").c_str(), R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json");
  EXPECT_EQ(Body(r)["metadata"]["generation"], 1);
  r = client_->Patch((path + "/web").c_str(),
                     R"([{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:2"}])",
                     "application/json-patch+json");
  EXPECT_EQ(Body(r)["metadata"]["generation"], 2);
  EXPECT_EQ(Body(r)["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:2");
}

TEST_F(HttpApiTest, ApplyTracksManagedFieldsAndANoOpDryRunEchoesTheLiveObject) {
  std::string path = "/api/v1/namespaces/default/configmaps/app";
  std::string body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app"},"data":{"a":"1","b":"2"}})";
  auto r = client_->Patch((path + "?fieldManager=deployer").c_str(), body, "application/apply-patch+yaml");
  ASSERT_EQ(r->status, 201) << r->body;
  json live = Body(r);
  EXPECT_EQ(live["metadata"]["managedFields"][0]["manager"], "deployer");
  EXPECT_EQ(live["metadata"]["managedFields"][0]["operation"], "Apply");
  EXPECT_TRUE(live["metadata"]["managedFields"][0]["fieldsV1"]["f:data"].contains("f:b"));
  r = client_->Patch((path + "?fieldManager=deployer&dryRun=All").c_str(), body, "application/apply-patch+yaml");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r), live);
  r = client_->Patch((path + "?fieldManager=deployer").c_str(),
                     R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app"},"data":{"a":"1"}})",
                     "application/apply-patch+yaml");
  EXPECT_FALSE(Body(r)["data"].contains("b"));
  r = client_->Patch(path.c_str(), body, "application/apply-patch+yaml");
  EXPECT_EQ(r->status, 422) << "fieldManager is required";
  EXPECT_EQ(Body(r)["message"],
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
  r = client_->Patch((path + "?force=false").c_str(), R"({"data":{"a":"2"}})", "application/merge-patch+json");
  EXPECT_EQ(r->status, 422) << "force is for apply patches only";
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "force");
}

// A resourceVersion in an applied configuration is a precondition: the
// write is refused (409) when the object changed since it was read.
TEST_F(HttpApiTest, AnApplyCarryingAStaleResourceVersionIsAConflict) {
  std::string path = "/api/v1/namespaces/default/configmaps/app?fieldManager=deployer";
  auto applied = [](const std::string& value, const std::string& rv) {
    json o = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "app"}}}, {"data", {{"v", value}}}};
    if (!rv.empty()) o["metadata"]["resourceVersion"] = rv;
    return o.dump();
  };
  auto r = client_->Patch(path.c_str(), applied("1", ""), "application/apply-patch+yaml");
  ASSERT_EQ(r->status, 201) << r->body;
  std::string read = Body(r)["metadata"]["resourceVersion"];
  r = client_->Patch(path.c_str(), applied("2", read), "application/apply-patch+yaml");
  ASSERT_EQ(r->status, 200) << "the version it was read at: " << r->body;
  EXPECT_NE(Body(r)["metadata"]["resourceVersion"], read);
  r = client_->Patch(path.c_str(), applied("3", read), "application/apply-patch+yaml");
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_EQ(Body(r)["reason"], "Conflict");
  EXPECT_EQ(Body(client_->Get("/api/v1/namespaces/default/configmaps/app"))["data"]["v"], "2");
}

// Preconditions of a delete, as the API server's storage checks them: a
// stale resourceVersion (or another UID) is a conflict naming which, and the
// object stays.
TEST_F(HttpApiTest, ADeleteWhosePreconditionsNoLongerHoldIsAConflictAndDeletesNothing) {
  std::string path = "/api/v1/namespaces/default/configmaps/app";
  auto r = Post("/api/v1/namespaces/default/configmaps", {{"metadata", {{"name", "app"}}}, {"data", {{"v", "1"}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  std::string read = Body(r)["metadata"]["resourceVersion"], uid = Body(r)["metadata"]["uid"];
  r = client_->Patch((path + "?fieldManager=t").c_str(), R"({"data":{"v":"2"}})", "application/merge-patch+json");
  ASSERT_EQ(r->status, 200) << r->body;
  std::string now = Body(r)["metadata"]["resourceVersion"];
  json stale = {{"preconditions", {{"resourceVersion", read}}}};
  r = client_->Delete(path.c_str(), stale.dump(), "application/json");
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_EQ(Body(r)["reason"], "Conflict");
  EXPECT_EQ(Body(r)["message"], "Operation cannot be fulfilled on configmaps \"app\": Precondition failed: "
                                "ResourceVersion in precondition: " +
                                    read + ", ResourceVersion in object meta: " + now);
  json other = {{"preconditions", {{"uid", "0a0a0a0a-0000-0000-0000-000000000000"}, {"resourceVersion", now}}}};
  r = client_->Delete(path.c_str(), other.dump(), "application/json");
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_NE(Body(r)["message"].get<std::string>().find("Precondition failed: UID in precondition"), std::string::npos);
  EXPECT_EQ(client_->Get(path.c_str())->status, 200) << "still there";
  json current = {{"preconditions", {{"uid", uid}, {"resourceVersion", now}}}};
  r = client_->Delete(path.c_str(), current.dump(), "application/json");
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(client_->Get(path.c_str())->status, 404);
}

TEST_F(HttpApiTest, ValidatesAndDefaultsAsARealServer) {
  // Secret data must be base64; a Service port in range.
  auto r = Post("/api/v1/namespaces/default/secrets", {{"metadata", {{"name", "s"}}}, {"data", {{"k", "not base64!"}}}});
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(Body(r)["message"].get<std::string>().find("illegal base64 data"), std::string::npos);
  json svc = {{"metadata", {{"name", "web"}}},
              {"spec", {{"type", "NodePort"}, {"selector", {{"app", "web"}}}, {"ports", {{{"port", 70000}}}}}}};
  r = Post("/api/v1/namespaces/default/services", svc);
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "spec.ports[0].port");
  // A NodePort Service gets a node port in range and the traffic policy default.
  svc["spec"]["ports"][0]["port"] = 80;
  r = Post("/api/v1/namespaces/default/services", svc);
  ASSERT_EQ(r->status, 201) << r->body;
  json created = Body(r);
  int node_port = created["spec"]["ports"][0]["nodePort"];
  EXPECT_GE(node_port, 30000);
  EXPECT_LE(node_port, 32767);
  EXPECT_EQ(created["spec"]["externalTrafficPolicy"], "Cluster");
  // An update keeps the allocated port.
  r = client_->Patch("/api/v1/namespaces/default/services/web?fieldManager=t", R"({"metadata":{"labels":{"a":"b"}}})",
                     "application/merge-patch+json");
  EXPECT_EQ(Body(r)["spec"]["ports"][0]["nodePort"], node_port);
  // An autoscaler with no metrics scales on CPU at 80%; a volume with no source is an emptyDir.
  r = Post("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers",
           {{"metadata", {{"name", "h"}}},
            {"spec", {{"maxReplicas", 3}, {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "web"}}}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"], 80);
  r = client_->Get("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/h");
  EXPECT_EQ(Body(r)["spec"]["targetCPUUtilizationPercentage"], 80);
  r = Post("/api/v1/namespaces/default/pods",
           {{"metadata", {{"name", "p"}}},
            {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox:1"}}}}, {"volumes", {{{"name", "scratch"}}}}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["spec"]["volumes"][0], json::parse(R"({"name":"scratch","emptyDir":{}})"));
}

// As the API server's ValidateLeaseSpec.
TEST_F(HttpApiTest, ALeaseNeedsAPositiveDurationAndNoNegativeTransitions) {
  const std::string leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
  auto r = Post(leases, {{"metadata", {{"name", "l"}}}, {"spec", {{"leaseDurationSeconds", 0}, {"leaseTransitions", -1}}}});
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["message"], "Lease.coordination.k8s.io \"l\" is invalid: [spec.leaseDurationSeconds: Invalid value: "
                                "0: must be greater than 0, spec.leaseTransitions: Invalid value: -1: must be greater "
                                "than or equal to 0]");
  r = Post(leases, {{"metadata", {{"name", "l"}}}, {"spec", {{"leaseDurationSeconds", 60}, {"leaseTransitions", 0}}}});
  EXPECT_EQ(r->status, 201) << r->body;
  r = client_->Put((leases + "/l").c_str(),
                   json{{"metadata", {{"name", "l"}}}, {"spec", {{"leaseTransitions", -2147483648}}}}.dump(),
                   "application/json");
  EXPECT_EQ(r->status, 422) << r->body;
}

TEST_F(HttpApiTest, ErrorsInARealServersWords) {
  // A container whose name is null is invalid (422), never a server error.
  auto r = Post("/api/v1/namespaces/default/pods",
                {{"metadata", {{"name", "p"}}}, {"spec", {{"containers", {{{"name", nullptr}, {"image", "busybox:1"}}}}}}});
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "spec.containers[0].name");
  r = Post("/api/v1/namespaces/default/pods", {{"metadata", {{"name", "p"}}}, {"spec", {{"containers", {42}}}}});
  EXPECT_EQ(r->status, 400) << "a container that is not an object cannot be decoded: " << r->body;
  r = Post(kCm, {{"apiVersion", "v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w"}}}});
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(Body(r)["message"].get<std::string>().find("no kind \"Widget\" is registered for version \"v1\""),
            std::string::npos) << r->body;
  r = Post(kCm, {{"metadata", {{"name", "frozen"}}}, {"data", {{"a", "1"}}}, {"immutable", true}});
  ASSERT_EQ(r->status, 201);
  r = client_->Patch((std::string(kCm) + "/frozen").c_str(), R"({"data":{"a":"2"}})", "application/merge-patch+json");
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(Body(r)["message"], "ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set");
  // Labels that are not a map: a body that cannot be decoded (400), a patch whose result is invalid (422).
  r = Post(kCm, {{"metadata", {{"name", "l"}, {"labels", "x"}}}});
  EXPECT_EQ(r->status, 400) << r->body;
  r = client_->Patch((std::string(kCm) + "/frozen").c_str(), R"({"metadata":{"labels":"x"}})",
                     "application/merge-patch+json");
  EXPECT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(Body(r)["details"]["causes"][0]["field"], "patch");
  r = Post("/api/v1/namespaces/default/services", {{"metadata", {{"name", "s"}}}, {"spec", {{"ports", {{{"port", 80}}}}}}});
  ASSERT_EQ(r->status, 201);
  r = client_->Patch("/api/v1/namespaces/default/services/s", R"({"spec":{"clusterIP":"10.96.99.99"}})",
                     "application/merge-patch+json");
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(Body(r)["message"].get<std::string>().find("may not change once set"), std::string::npos) << r->body;
}

TEST_F(HttpApiTest, AJobDeletedWithoutAPolicyOrphansItsPodsAndSaysSo) {
  auto r = Post("/apis/batch/v1/namespaces/default/jobs",
                {{"metadata", {{"name", "j"}}},
                 {"spec", {{"template", {{"spec", {{"restartPolicy", "Never"},
                                                   {"containers", {{{"name", "c"}, {"image", "busybox:1"}}}}}}}}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  ASSERT_TRUE(Eventually([&] { return !Body(client_->Get("/api/v1/namespaces/default/pods"))["items"].empty(); }));
  r = client_->Delete("/apis/batch/v1/namespaces/default/jobs/j");
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Warning").find("child pods are preserved by default when jobs are deleted"),
            std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a few garbage-collector steps
  json pods = Body(client_->Get("/api/v1/namespaces/default/pods"));
  ASSERT_EQ(pods["items"].size(), 1u) << "the pod stays";
  EXPECT_FALSE(pods["items"][0]["metadata"].contains("ownerReferences"));
}

TEST_F(HttpApiTest, MalformedProtobufBodiesAre400AndNeverStored) {
  std::string body = std::string("k8s\0", 4) + "\x0a\x12\x0a\x02v1\x12\x09ConfigMap\x12\x7f";  // raw claims 127 bytes
  auto r = client_->Post(kCm, body, "application/vnd.kubernetes.protobuf");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(Body(r)["message"].get<std::string>().find("truncated"), std::string::npos) << r->body;
  r = client_->Post(kCm, "{}", "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(client_->Get(kCm))["items"].size(), 0u);
}

// A ConfigMap whose unknown field `extra` nests arrays until the whole
// body is `depth` deep (a real server drops the field, as unknown).
std::string NestedConfigMap(const std::string& name, std::size_t depth) {
  std::size_t arrays = depth - 1;
  return "{\"metadata\":{\"name\":\"" + name + "\"},\"extra\":" + std::string(arrays, '[') +
         std::string(arrays, ']') + "}";
}

TEST_F(HttpApiTest, ABodyNestedDeeperThanGosDecoderTakesIs400AndTheServerStaysUp) {
  std::string deep = NestedConfigMap("deep", 10001);
  std::string path = std::string(kCm) + "/deep";
  std::vector<httplib::Result> answers;
  answers.push_back(client_->Post(kCm, deep, "application/json"));
  answers.push_back(client_->Patch((path + "?fieldManager=t").c_str(), deep, "application/apply-patch+yaml"));
  ASSERT_EQ(Post(kCm, {{"metadata", {{"name", "deep"}}}})->status, 201);
  answers.push_back(client_->Put(path.c_str(), deep, "application/json"));
  answers.push_back(client_->Patch(path.c_str(), deep, "application/merge-patch+json"));
  answers.push_back(client_->Patch(path.c_str(), deep, "application/strategic-merge-patch+json"));
  answers.push_back(client_->Delete(path.c_str(), deep, "application/json"));
  for (const auto& r : answers) {
    ASSERT_TRUE(r) << "the emulator stopped answering";
    EXPECT_EQ(r->status, 400) << r->body.substr(0, 200);
    EXPECT_NE(Body(r)["message"].get<std::string>().find("exceeded max depth"), std::string::npos) << r->body;
  }
  auto kept = client_->Get(path.c_str());
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, 200) << "the refused delete deleted nothing";
  EXPECT_FALSE(Body(kept).contains("extra"));
  auto r = client_->Post(kCm, NestedConfigMap("as-deep-as-go-takes", 10000), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body.substr(0, 200);
}

TEST_F(HttpApiTest, ABodyLongerThanARealServersLimitIs413AndNothingIsStored) {
  const std::size_t limit = 3 * 1024 * 1024;
  auto config_map = [](const std::string& name, std::size_t size) {
    std::string head = "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"";
    return head + std::string(size - head.size() - 3, 'x') + "\"}}";
  };
  std::string too_long = config_map("too-long", limit + 1);
  ASSERT_EQ(too_long.size(), limit + 1);
  auto r = client_->Post(kCm, too_long, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["reason"], "RequestEntityTooLarge") << r->body;
  EXPECT_EQ(Body(r)["message"], "Request entity too large: limit is 3145728");
  // The same body sent in chunks, with no length declared.
  r = client_->Post(
      kCm,
      [&](std::size_t offset, httplib::DataSink& sink) {
        std::size_t n = std::min<std::size_t>(65536, too_long.size() - offset);
        sink.write(too_long.data() + offset, n);
        if (offset + n == too_long.size()) sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["reason"], "RequestEntityTooLarge") << r->body.substr(0, 200);
  EXPECT_EQ(client_->Get((std::string(kCm) + "/too-long").c_str())->status, 404);
  r = client_->Post(kCm, config_map("at-the-limit", limit), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 201) << r->body.substr(0, 200);
}

TEST_F(HttpApiTest, StrategicMergePatchMergesContainersByName) {
  std::string path = "/api/v1/namespaces/default/pods";
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec", {{"containers", {{{"name", "a"}, {"image", "a:1"}}, {{"name", "b"}, {"image", "b:1"}}}}}}};
  ASSERT_EQ(Post(path, pod)->status, 201);
  auto r = client_->Patch((path + "/p").c_str(),
                          R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b","image":"b:2"}]}})",
                          "application/strategic-merge-patch+json");
  ASSERT_EQ(r->status, 200) << r->body;
  json c = Body(r)["spec"]["containers"];
  EXPECT_EQ(c[0]["image"], "a:1");
  EXPECT_EQ(c[1]["image"], "b:2");
}

TEST_F(HttpApiTest, WatchStreamsEventsAndAnswers410ForATooOldVersion) {
  json list = Body(client_->Get(kCm));
  std::string rv = list["metadata"]["resourceVersion"];
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto c = emu_.Client();
    c->Post(kCm, R"({"metadata":{"name":"w"}})", "application/json");
    c->Delete((std::string(kCm) + "/w").c_str());
  });
  std::string stream;
  client_->Get((std::string(kCm) + "?watch=true&timeoutSeconds=2&resourceVersion=" + rv).c_str(),
               [&](const char* data, size_t n) {
                 stream.append(data, n);
                 return true;
               });
  writer.join();
  EXPECT_NE(stream.find("{\"object\":"), std::string::npos);
  EXPECT_NE(stream.find("\"type\":\"ADDED\""), std::string::npos) << stream;
  EXPECT_NE(stream.find("\"type\":\"DELETED\""), std::string::npos) << stream;
  ASSERT_EQ(client_->Post("/emulator/compact", "", "text/plain")->status, 200);
  stream.clear();
  client_->Get((std::string(kCm) + "?watch=true&timeoutSeconds=2&resourceVersion=" + rv).c_str(),
               [&](const char* data, size_t n) {
                 stream.append(data, n);
                 return true;
               });
  json event = json::parse(stream.substr(0, stream.find('\n')), nullptr, false);
  EXPECT_EQ(event["type"], "ERROR") << stream;
  EXPECT_EQ(event["object"]["code"], 410);
  EXPECT_EQ(event["object"]["reason"], "Expired");
}

TEST_F(HttpApiTest, ReadsBooleanParametersAndDiscoveryPathsAsARealServer) {
  for (std::string path : {"/version/", "/api/", "/apis/", "/api/v1/", "/apis/apps/v1/"}) {
    auto with = client_->Get(path);
    auto without = client_->Get(path.substr(0, path.size() - 1));
    ASSERT_TRUE(with && without) << path;
    EXPECT_EQ(with->status, 200) << path;
    EXPECT_EQ(with->body, without->body) << path;
  }
  // Clients send True (Python's str(True)); only 0 and false, in any case, are false.
  for (const char* value : {"True", "TRUE", "1", "true"}) {
    auto r = client_->Get((std::string(kCm) + "?timeoutSeconds=1&watch=" + value).c_str());
    ASSERT_TRUE(r) << value;
    EXPECT_EQ(r->body.find("ConfigMapList"), std::string::npos) << value << " is a watch: " << r->body;
  }
  for (const char* value : {"False", "FALSE", "0", "false"}) {
    auto r = client_->Get((std::string(kCm) + "?timeoutSeconds=1&watch=" + value).c_str());
    ASSERT_TRUE(r) << value;
    EXPECT_EQ(Body(r)["kind"], "ConfigMapList") << value << " is a list";
  }
}

TEST_F(HttpApiTest, NewObjectsCarryTheStatusARealServerGivesThem) {
  json pod = {{"metadata", {{"name", "p"}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox:1"},
                                         {"resources", {{"limits", {{"cpu", "1"}, {"memory", "64Mi"}}}}}}}}}}};
  auto r = Post("/api/v1/namespaces/default/pods", pod);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["status"], (json{{"phase", "Pending"}, {"qosClass", "Guaranteed"}})) << r->body;
  json deployment = {{"metadata", {{"name", "d"}}},
                     {"spec", {{"selector", {{"matchLabels", {{"app", "d"}}}}},
                               {"template", {{"metadata", {{"labels", {{"app", "d"}}}}},
                                             {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox:1"}}}}}}}}}}};
  r = Post("/apis/apps/v1/namespaces/default/deployments", deployment, "?dryRun=All");
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["status"], json::object()) << r->body;
  json hpa = {{"metadata", {{"name", "h"}}},
              {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "d"}}},
                        {"minReplicas", 1}, {"maxReplicas", 2}}}};
  r = Post("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", hpa, "?dryRun=All");
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(Body(r)["status"], (json{{"currentMetrics", nullptr}, {"desiredReplicas", 0}})) << r->body;
}

TEST_F(HttpApiTest, DiscoveryFollowsTheAcceptHeader) {
  auto r = client_->Get("/apis", {{"Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"}});
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  EXPECT_EQ(Body(r)["kind"], "APIGroupDiscoveryList");
  r = client_->Get("/apis", {{"Accept", "application/json"}});
  EXPECT_EQ(Body(r)["kind"], "APIGroupList");
  r = client_->Get("/openapi/v3/apis/apps/v1");
  EXPECT_NE(r->body.find("x-kubernetes-group-version-kind"), std::string::npos);
}

TEST_F(HttpApiTest, LeasesAreTakenByCreateAndLostByStaleUpdates) {
  std::string path = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
  json lease = {{"metadata", {{"name", "lock"}}},
                {"spec", {{"holderIdentity", "a"}, {"leaseDurationSeconds", 60},
                          {"acquireTime", "2026-01-02T03:04:05.000000Z"}, {"renewTime", "2026-01-02T03:04:05.000000Z"}}}};
  auto r = Post(path, lease);
  ASSERT_EQ(r->status, 201);
  json held = Body(r);
  EXPECT_EQ(held["spec"]["renewTime"], "2026-01-02T03:04:05.000000Z");
  lease["spec"]["holderIdentity"] = "b";
  EXPECT_EQ(Post(path, lease)->status, 409);
  json renewed = held;
  renewed["spec"]["renewTime"] = "2026-01-02T03:04:15.000000Z";
  ASSERT_EQ(client_->Put((path + "/lock").c_str(), renewed.dump(), "application/json")->status, 200);
  json stolen = held;
  stolen["spec"]["holderIdentity"] = "b";
  r = client_->Put((path + "/lock").c_str(), stolen.dump(), "application/json");
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(Body(r)["reason"], "Conflict");
  lease["metadata"]["name"] = "sloppy";
  lease["spec"]["renewTime"] = "2026-01-02T03:04:05Z";
  r = Post(path, lease);
  EXPECT_EQ(r->status, 400) << "a MicroTime needs six fraction digits";
}

TEST_F(HttpApiTest, OrphanDeletionKeepsDependentsWithoutOwners) {
  std::string path = "/apis/apps/v1/namespaces/default/replicasets";
  json rs = {{"metadata", {{"name", "rs"}}},
             {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", {{"app", "o"}}}}},
                       {"template", {{"metadata", {{"labels", {{"app", "o"}}}}},
                                     {"spec", {{"containers", {{{"name", "c"}, {"image", "i:1"}}}}}}}}}}};
  ASSERT_EQ(Post(path, rs)->status, 201);
  ASSERT_TRUE(Eventually([&] { return Body(client_->Get("/api/v1/namespaces/default/pods"))["items"].size() == 1; }));
  auto r = client_->Delete((path + "/rs").c_str(), R"({"propagationPolicy":"Orphan"})", "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  json answered = Body(r);
  EXPECT_EQ(answered["kind"], "ReplicaSet") << "the object, held by the orphan finalizer, not a Status";
  EXPECT_EQ(answered["metadata"]["finalizers"], json::array({"orphan"}));
  EXPECT_TRUE(answered["metadata"].contains("deletionTimestamp"));
  ASSERT_TRUE(Eventually([&] { return client_->Get((path + "/rs").c_str())->status == 404; }))
      << "the garbage collector releases the pod, then the finalizer";
  json pods = Body(client_->Get("/api/v1/namespaces/default/pods"));
  ASSERT_EQ(pods["items"].size(), 1u);
  EXPECT_FALSE(pods["items"][0]["metadata"].contains("ownerReferences"));
  EXPECT_FALSE(pods["items"][0]["metadata"].contains("deletionTimestamp"));
}

TEST_F(HttpApiTest, DeletesOfServicesAndServiceAccountsAnswerTheObjectOthersAStatus) {
  ASSERT_EQ(Post("/api/v1/namespaces/default/services",
                 {{"metadata", {{"name", "s"}}}, {"spec", {{"ports", {{{"port", 80}}}}}}})->status, 201);
  ASSERT_EQ(Post("/api/v1/namespaces/default/serviceaccounts", {{"metadata", {{"name", "sa"}}}})->status, 201);
  ASSERT_EQ(Post(kCm, {{"metadata", {{"name", "cm"}}}})->status, 201);
  json svc = Body(client_->Delete("/api/v1/namespaces/default/services/s"));
  EXPECT_EQ(svc["kind"], "Service") << svc;
  EXPECT_EQ(svc["spec"]["ports"][0]["port"], 80);
  EXPECT_EQ(Body(client_->Delete("/api/v1/namespaces/default/serviceaccounts/sa"))["kind"], "ServiceAccount");
  json cm = Body(client_->Delete((std::string(kCm) + "/cm").c_str()));
  EXPECT_EQ(cm["kind"], "Status");
  EXPECT_EQ(cm["details"]["name"], "cm");
  EXPECT_EQ(client_->Get("/api/v1/namespaces/default/services/s")->status, 404);
}

}  // namespace
}  // namespace qareports::emulator::testing
