// plan, drift, render and secrets end to end: the real binary against the emulator, with the
// shipped manifests, the real kubectl applying them and changing the cluster
// behind qareports' back.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_client.h"
#include "fixtures/emulator_cluster.h"
#include "fixtures/junit_check.h"
#include "release/secret_store.h"
#include "util/strings.h"

namespace qareports::testing {
namespace {

const std::map<std::string, std::string> kSecrets = {{"QAREPORTS_STAGING_DATABASE_PASSWORD", "canary-db-Zx81"},
                                                     {"QAREPORTS_STAGING_SECRET_KEY", "canary-key-Qw27"},
                                                     {"QAREPORTS_STAGING_LDAP_BIND_PASSWORD", "canary-ldap-Lp55"}};

// The config of environment "many" (namespace many), and its ConfigMap i
// with `data` (the members of its data object, as JSON), labelled as
// qareports labels what it deploys.
void WriteManyConfig(TempDir& repo) {
  repo.Write("pipelines/environments.yml", "squad: {image: squadproject/squad, version: \"1.89\"}\nenvironments:\n"
                                           "  many: {kube: {context: emulator, namespace: many}}\n");
}
std::string ManyConfigMap(int i, const std::string& data) {
  return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"config-" + std::to_string(i) +
         "\",\"namespace\":\"many\",\"labels\":{\"app.kubernetes.io/managed-by\":\"qareports\","
         "\"app.kubernetes.io/part-of\":\"qareports\",\"qareports.linaro.org/environment\":\"many\"}},"
         "\"data\":{" + data + "}}\n";
}

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QAREPORTS_REQUIRE_EMULATOR();
    QAREPORTS_REQUIRE_KUBECTL();
    cluster_ = std::make_unique<EmulatorCluster>();
    ASSERT_TRUE(cluster_->ok()) << cluster_->error();
  }
  ProcessResult Qareports(std::vector<std::string> args, std::map<std::string, std::string> env = kSecrets) {
    args.insert(args.begin(), QAREPORTS_BINARY);
    args.insert(args.end(), {"--kubeconfig", cluster_->kubeconfig(), "--context", "emulator"});
    // The project's Terraform needs AWS: these tests plan the cluster alone.
    if (args.size() > 2 && (args[2] == "plan" || args[2] == "drift")) args.insert(args.end(), {"--only", "kubernetes"});
    env.emplace("HOME", cluster_->dir() / "home");
    return RunProcess(args, QAREPORTS_SOURCE_DIR, env);
  }
  // Applies the rendered staging manifests with kubectl, as qareports' field manager.
  void ApplyWithKubectl() {
    ProcessResult rendered = Qareports({"staging", "render", "--show-secrets", "-o", "json"});
    ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
    std::string docs;
    for (const auto& o : nlohmann::json::parse(rendered.out)) docs += o.dump() + "\n";
    ProcessResult applied =
        cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, docs);
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  // `plan -o json -v` of environment "many" in `repo`.
  ProcessResult PlanMany(const TempDir& repo) {
    return RunProcess({QAREPORTS_BINARY, "many", "plan", "-o", "json", "-v", "--kubeconfig", cluster_->kubeconfig(),
                       "--context", "emulator"},
                      repo.path(), {{"HOME", cluster_->dir() / "home"}});
  }
  void ExpectNoCanary(const std::string& text) {
    for (const auto& [var, value] : kSecrets) EXPECT_EQ(text.find(value), std::string::npos) << var << " leaked";
  }
  std::unique_ptr<EmulatorCluster> cluster_;
};

TEST_F(PlanTest, OnAnEmptyClusterEverythingIsCreatedAndNothingIsWritten) {
  ProcessResult plan = Qareports({"staging", "plan", "--detailed-exitcode", "--junit", cluster_->dir() / "plan.xml"});
  EXPECT_EQ(plan.exit_code, 2) << plan.err;
  EXPECT_NE(plan.out.find("+ create Deployment qareports-staging/web"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("Plan: 15 to create, 0 to change, 0 to prune, 0 unchanged."), std::string::npos) << plan.out;
  EXPECT_NE(cluster_->Kubectl({"get", "namespace", "qareports-staging"}).exit_code, 0);  // dry runs only
  ExpectNoCanary(plan.out + plan.err + cluster_->dir().Read("plan.xml"));
  EXPECT_EQ(Qareports({"staging", "plan"}).exit_code, 0);  // without --detailed-exitcode
}

TEST_F(PlanTest, ASecondPlanAfterApplyShowsNoChanges) {
  ApplyWithKubectl();
  ProcessResult plan = Qareports({"staging", "plan", "--detailed-exitcode", "-o", "json"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err << plan.out;
  nlohmann::json data = nlohmann::json::parse(plan.out);
  EXPECT_EQ(data["summary"]["unchanged"], 15);
  EXPECT_EQ(data["summary"]["change"], 0);
}

TEST_F(PlanTest, DriftMadeWithKubectlIsFoundResourceByResource) {
  ApplyWithKubectl();
  ASSERT_EQ(cluster_->Kubectl({"-n", "qareports-staging", "scale", "deployment/scheduler", "--replicas=3"}).exit_code, 0);
  ASSERT_EQ(cluster_->Kubectl({"-n", "qareports-staging", "set", "image", "deployment/listener",
                               "squad=squadproject/squad:0.1"})
                .exit_code,
            0);
  ASSERT_EQ(cluster_->Kubectl({"-n", "qareports-staging", "delete", "service", "web"}).exit_code, 0);
  ProcessResult intruder = cluster_->Kubectl(
      {"apply", "--server-side", "--field-manager=intruder", "--force-conflicts", "-f", "-"},
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stray","namespace":"qareports-staging",)"
      R"("labels":{"app.kubernetes.io/managed-by":"qareports","qareports.linaro.org/environment":"staging"}}})");
  ASSERT_EQ(intruder.exit_code, 0) << intruder.err;
  std::map<std::string, std::string> env = kSecrets;
  env["QAREPORTS_STAGING_SECRET_KEY"] = "canary-key-rotated-Rt90";
  ProcessResult drift = Qareports({"staging", "drift", "--junit", cluster_->dir() / "drift.xml"}, env);
  EXPECT_EQ(drift.exit_code, 2) << drift.err;
  EXPECT_NE(drift.out.find("~ spec.replicas: 3 -> 1"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("\"squadproject/squad:0.1\" -> \"docker.io/squadproject/squad:1.89\""), std::string::npos)
      << drift.out;
  EXPECT_NE(drift.out.find("+ create Service qareports-staging/web"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("- prune ConfigMap qareports-staging/stray"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("~ data.secret.dat: (secret value changed)"), std::string::npos) << drift.out;
  nlohmann::json report = ReadJUnitLikeConsumers(cluster_->dir() / "drift.xml");
  ASSERT_FALSE(report.is_null());
  EXPECT_EQ(report["tests"], 17);  // the configuration, 15 rendered objects, one to prune
  EXPECT_EQ(report["failures"], 5);  // scheduler, listener, web service, stray, the secret key
  ExpectNoCanary(drift.out + drift.err + cluster_->dir().Read("drift.xml"));
  EXPECT_EQ(drift.out.find("canary-key-rotated-Rt90"), std::string::npos);
}

TEST_F(PlanTest, EveryObjectToPruneIsFoundWhenTheyFillSeveralPages) {
  ApplyWithKubectl();
  std::string strays;
  for (int i = 0; i < 1001; ++i) {  // the prune lists are read 500 at a time: three pages
    strays += R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stray-)" + std::to_string(i) +
              R"(","namespace":"qareports-staging","labels":{"app.kubernetes.io/managed-by":"qareports",)"
              R"("qareports.linaro.org/environment":"staging"}}})" "\n";
  }
  ProcessResult applied = cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, strays);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ProcessResult plan = Qareports({"staging", "plan", "-o", "json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  nlohmann::json data = nlohmann::json::parse(plan.out);
  EXPECT_EQ(data["summary"]["prune"], 1001);
  EXPECT_EQ(data["summary"]["unchanged"], 15);
}

TEST_F(PlanTest, ManyObjectsOfOneKindAreComparedFromPagedListsAsFromSingleReads) {
  TempDir repo;
  WriteManyConfig(repo);
  auto config_map = [](int i, const std::string& value) { return ManyConfigMap(i, "\"key\":\"" + value + "\""); };
  std::string in_git, live = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"many"}})" "\n";
  for (int i = 0; i < 260; ++i) {  // 255 live, more than a page of 250; the last five only in git
    in_git += "---\n" + config_map(i, "value " + std::to_string(i));
    if (i < 255) live += config_map(i, "value " + std::to_string(i) + (i == 10 || i == 254 ? " before" : ""));
  }
  repo.Write("k8s/base/configs.yml", in_git);
  ProcessResult applied = cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, live);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ProcessResult plan = PlanMany(repo);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  nlohmann::json data = nlohmann::json::parse(plan.out);
  EXPECT_EQ(data["summary"], nlohmann::json::parse(R"({"create":5,"change":2,"prune":0,"unchanged":253})"));
  std::map<std::string, nlohmann::json> changed;
  for (const auto& e : data["entries"]) {
    if (e["action"] == "change") changed[e["name"]] = e["changes"];
    if (e["action"] == "create") {
      EXPECT_GE(std::stoi(e["name"].get<std::string>().substr(7)), 255) << e;
    }
  }
  EXPECT_EQ(changed["config-10"], nlohmann::json::array({"~ data.key: \"value 10 before\" -> \"value 10\""}));
  EXPECT_EQ(changed["config-254"], nlohmann::json::array({"~ data.key: \"value 254 before\" -> \"value 254\""}));
}

TEST_F(PlanTest, ObjectsLiveAsAppliedAreNotDryRunAgainWhileEditsAndRemovedKeysStillShow) {
  TempDir repo;
  WriteManyConfig(repo);
  auto config_map = ManyConfigMap;
  std::string in_git, live = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"many"}})" "\n";
  for (int i = 0; i < 300; ++i) {
    std::string data = "\"key\":\"value " + std::to_string(i) + "\"";
    in_git += "---\n" + config_map(i, data);
    live += config_map(i, data + (i == 7 ? ",\"gone\":\"from git\"" : ""));  // git dropped config-7's key since
  }
  repo.Write("k8s/base/configs.yml", in_git);
  ProcessResult applied = cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, live);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ASSERT_EQ(cluster_->Kubectl({"-n", "many", "patch", "configmap", "config-8", "--type", "merge", "-p",
                               R"({"data":{"key":"by hand"}})"}).exit_code, 0);
  ProcessResult plan = PlanMany(repo);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  nlohmann::json data = nlohmann::json::parse(plan.out);
  EXPECT_EQ(data["summary"], nlohmann::json::parse(R"({"create":0,"change":2,"prune":0,"unchanged":298})"));
  std::map<std::string, nlohmann::json> changed;
  for (const auto& e : data["entries"]) {
    if (e["action"] == "change") changed[e["name"]] = e["changes"];
  }
  EXPECT_EQ(changed["config-7"], nlohmann::json::array({"- data.gone: \"from git\""}));
  EXPECT_EQ(changed["config-8"], nlohmann::json::array({"~ data.key: \"by hand\" -> \"value 8\""}));
  // A dry run each would be over 300 requests; the two changed ones are dry-run.
  size_t at = plan.err.find(" API requests");
  ASSERT_NE(at, std::string::npos) << plan.err;
  int requests = std::stoi(plan.err.substr(plan.err.rfind(' ', at - 1) + 1));
  EXPECT_LT(requests, 40) << plan.err;
}

TEST_F(PlanTest, TheTextIsWrittenBatchByBatchInAnOrderTheSameObjectsAlwaysGet) {
  TempDir repo;
  WriteManyConfig(repo);
  std::string in_git = R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"many"},)"
                       R"("spec":{"ports":[{"port":80}]}})" "\n";
  std::string live = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"many"}})" "\n";
  for (int i = 0; i < 150; ++i) {  // a kind with enough objects to be listed
    std::string data = "\"key\":\"value " + std::to_string(i) + "\"";
    in_git += "---\n" + ManyConfigMap(i, data);
    live += ManyConfigMap(i, data + (i == 3 ? ",\"gone\":\"from git\"" : ""));
  }
  in_git += "---\n" + live.substr(0, live.find('\n') + 1);  // the Namespace, last in git
  live += ManyConfigMap(999, "");                             // in the cluster only
  repo.Write("k8s/base/configs.yml", in_git);
  ASSERT_EQ(cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, live).exit_code, 0);
  auto plan = [&] {
    return RunProcess({QAREPORTS_BINARY, "many", "plan", "-v", "--kubeconfig", cluster_->kubeconfig(), "--context",
                       "emulator"},
                      repo.path(), {{"HOME", cluster_->dir() / "home"}});
  };
  ProcessResult first = plan();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::vector<std::string> lines;
  for (const std::string& line : util::Split(first.out, '\n')) {
    if (!line.empty() && line[0] != ' ') lines.push_back(line.substr(0, line.find("  (")));
  }
  ASSERT_EQ(lines.size(), 1u + 150 + 1 + 1 + 1) << first.out;
  EXPECT_EQ(lines[0], "~ change Namespace many") << "namespaces first, wherever git has them (labels to add)";
  EXPECT_EQ(lines[1], "= unchanged ConfigMap many/config-0") << "then the listed kind, in git's order";
  EXPECT_EQ(lines[4], "~ change ConfigMap many/config-3");
  EXPECT_EQ(lines[150], "= unchanged ConfigMap many/config-149");
  EXPECT_EQ(lines[151], "+ create Service many/web") << "then the objects read one by one";
  EXPECT_EQ(lines[152], "- prune ConfigMap many/config-999") << "the prunes last";
  EXPECT_EQ(lines[153], "Plan: 1 to create, 2 to change, 1 to prune, 149 unchanged.");
  ProcessResult again = plan();
  EXPECT_EQ(again.out, first.out);
}

TEST_F(PlanTest, ADriftReportSaysEnoughOfAHugeChangeAndNoMore) {
  TempDir repo;
  WriteManyConfig(repo);
  std::string in_git, edited;
  for (int i = 0; i < 150; ++i) {  // 150 keys of 5 KB each, every one edited by hand
    std::string key = "\"key" + std::to_string(100 + i) + "\":\"";
    in_git += std::string(i ? "," : "") + key + std::string(5000, 'g') + "\"";
    edited += std::string(i ? "," : "") + key + std::string(5000, 'h') + "\"";
  }
  repo.Write("k8s/base/configs.yml", ManyConfigMap(1, in_git));
  std::string live = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"many"}})" "\n" + ManyConfigMap(1, edited);
  ProcessResult applied = cluster_->Kubectl({"apply", "--server-side", "--field-manager=qareports", "-f", "-"}, live);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  ProcessResult drift = RunProcess({QAREPORTS_BINARY, "many", "drift", "--junit", cluster_->dir() / "drift.xml",
                                    "--kubeconfig", cluster_->kubeconfig(), "--context", "emulator"},
                                   repo.path(), {{"HOME", cluster_->dir() / "home"}});
  EXPECT_EQ(drift.exit_code, 2) << drift.err;
  EXPECT_NE(drift.out.find("… and 50 more changes"), std::string::npos);
  EXPECT_LT(drift.out.size(), 150u * 1024) << "100 changes, values cut at 512 bytes";
  nlohmann::json report = ReadJUnitLikeConsumers(cluster_->dir() / "drift.xml");
  ASSERT_FALSE(report.is_null());
  EXPECT_EQ(report["failures"], 1);
  std::string xml = cluster_->dir().Read("drift.xml");
  EXPECT_LT(xml.size(), 8u * 1024) << "one case's details stay within 4 KiB";
  EXPECT_NE(xml.find("more lines"), std::string::npos) << xml;
}

TEST_F(PlanTest, SecretsNamesEachVariableAndWhetherItIsSetAndRenderMasksTheValues) {
  std::map<std::string, std::string> env = kSecrets;
  env.erase("QAREPORTS_STAGING_LDAP_BIND_PASSWORD");
  ProcessResult secrets = Qareports({"staging", "secrets", "-o", "json"}, env);
  ASSERT_EQ(secrets.exit_code, 0) << secrets.err;
  nlohmann::json listed = nlohmann::json::parse(secrets.out);
  auto has = [&](const char* variable, bool set, const char* key, const char* object = "qareports-environment") {
    nlohmann::json wanted = {{"variable", variable}, {"set", set}, {"object", object}, {"key", key}};
    return std::find(listed.begin(), listed.end(), wanted) != listed.end();
  };
  EXPECT_TRUE(has("QAREPORTS_STAGING_DATABASE_PASSWORD", true, "DATABASE")) << listed;
  EXPECT_TRUE(has("QAREPORTS_STAGING_SECRET_KEY", true, "secret.dat", "qareports-secret-key")) << listed;
  EXPECT_TRUE(has("QAREPORTS_STAGING_LDAP_BIND_PASSWORD", false, "LDAP_BIND_PASSWORD")) << listed;
  ProcessResult text = Qareports({"staging", "secrets"}, env);
  EXPECT_NE(text.out.find("QAREPORTS_STAGING_LDAP_BIND_PASSWORD\tNOT SET\tSecret qareports-environment, key "
                          "LDAP_BIND_PASSWORD\n"),
            std::string::npos)
      << text.out;
  ProcessResult none = Qareports({"staging", "plan"}, {});
  EXPECT_EQ(none.exit_code, 65) << none.err;
  for (const auto& [variable, value] : kSecrets) EXPECT_NE(none.err.find(variable), std::string::npos) << none.err;
  ProcessResult render = Qareports({"staging", "render"});
  EXPECT_EQ(render.exit_code, 0) << render.err;
  EXPECT_NE(render.out.find("(secret from $QAREPORTS_STAGING_SECRET_KEY)"), std::string::npos) << render.out;
  ExpectNoCanary(secrets.out + secrets.err + text.out + text.err + render.out + render.err);
}

TEST_F(PlanTest, BadInputExits65BeforeTouchingTheCluster) {
  ProcessResult missing = Qareports({"staging", "plan"}, {});
  EXPECT_EQ(missing.exit_code, 65);
  EXPECT_NE(missing.err.find("QAREPORTS_STAGING_DATABASE_PASSWORD, QAREPORTS_STAGING_LDAP_BIND_PASSWORD, "
                             "QAREPORTS_STAGING_SECRET_KEY"),
            std::string::npos)
      << missing.err;
  ProcessResult context = RunProcess({QAREPORTS_BINARY, "staging", "plan", "--kubeconfig", cluster_->kubeconfig()},
                                     QAREPORTS_SOURCE_DIR, kSecrets);
  EXPECT_EQ(context.exit_code, 65);  // the environment's context, qareports-eks, is not in this kubeconfig
  EXPECT_NE(context.err.find("context \"qareports-eks\" is not in the kubeconfig"), std::string::npos) << context.err;
  ProcessResult readonly = RunProcess({QAREPORTS_BINARY, "staging", "plan", "--kubeconfig", cluster_->kubeconfig(),
                                       "--context", "emulator-readonly"},
                                      QAREPORTS_SOURCE_DIR, kSecrets);
  // A dry run is authorised as the write it stands for, as on a real server.
  EXPECT_EQ(readonly.exit_code, 69) << readonly.err;
  EXPECT_NE(readonly.err.find("403 Forbidden"), std::string::npos) << readonly.err;
}

}  // namespace
}  // namespace qareports::testing

namespace qareports::testing {
namespace {

TEST_F(PlanTest, ExecCredentialPluginAuthenticates) {
  // A kubeconfig whose user gets the emulator's token from a plugin, as EKS's does.
  std::string kubeconfig = cluster_->dir().Read("kubeconfig");
  size_t token = kubeconfig.find("token: ");
  std::string value = kubeconfig.substr(token + 7, kubeconfig.find('\n', token) - token - 7);
  cluster_->dir().Write("plugin", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                                  "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + value + "\"}}'\n");
  ::chmod((cluster_->dir() / "plugin").c_str(), 0755);
  kubeconfig.replace(token, 7 + value.size(),
                     "exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: " +
                         cluster_->dir() / "plugin");
  cluster_->dir().Write("exec-kubeconfig", kubeconfig);
  ProcessResult plan = RunProcess({QAREPORTS_BINARY, "staging", "plan", "--only", "kubernetes", "--kubeconfig",
                                   cluster_->dir() / "exec-kubeconfig",
                                   "--context", "emulator"},
                                  QAREPORTS_SOURCE_DIR, kSecrets);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("Plan: 15 to create"), std::string::npos) << plan.out;
}

TEST_F(PlanTest, AKindTheClusterDoesNotServeExits65) {
  TempDir repo;
  repo.Write("pipelines/environments.yml", "squad: {image: squadproject/squad, version: \"1.89\"}\nenvironments:\n"
                                           "  staging: {kube: {context: emulator, namespace: qareports-staging}}\n");
  repo.Write("k8s/base/widget.yml", "apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w}\n");
  ProcessResult plan = RunProcess({QAREPORTS_BINARY, "staging", "plan", "--kubeconfig", cluster_->kubeconfig()},
                                  repo.path(), {});
  EXPECT_EQ(plan.exit_code, 65) << plan.err;
  EXPECT_NE(plan.err.find("k8s/base/widget.yml:1: the cluster does not serve example.org/v1 Widget"),
            std::string::npos)
      << plan.err;
}

TEST_F(PlanTest, StatusOfANamespaceThatDoesNotExistYetIsEmptyNotAnError) {
  ProcessResult status = Qareports({"staging", "status", "-o", "json"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(nlohmann::json::parse(status.out)["workloads"].empty());
  EXPECT_TRUE(nlohmann::json::parse(status.out)["releases"].empty());
}

TEST_F(PlanTest, StatusListsTheRecentReleases) {
  EmulatorClient c;
  ASSERT_TRUE(c.Connect(*cluster_, "emulator").ok());
  kube::ApiCall ns;
  ns.method = "POST";
  ns.path = "/api/v1/namespaces";
  ns.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"qareports-staging"}})";
  ASSERT_EQ(c.client->Call(ns).value().status, 201);
  release::SecretStore store(*c.client, "qareports-staging", "staging");
  release::Release r;
  r.version = "1.89";
  r.commit = "0123456789abcdef";
  r.time = "2026-11-25T01:00:00Z";
  r.job = "https://gitlab.example.org/qa/jobs/42";
  ASSERT_EQ(store.Create(r).value(), 1);
  ASSERT_TRUE(store.SetState(1, release::State::kDeployed).ok());
  ProcessResult status = Qareports({"staging", "status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("release 1: deployed, SQUAD 1.89, commit 0123456789ab, 2026-11-25T01:00:00Z, by "
                            "https://gitlab.example.org/qa/jobs/42"),
            std::string::npos)
      << status.out;
}

}  // namespace
}  // namespace qareports::testing
