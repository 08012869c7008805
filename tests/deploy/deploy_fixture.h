// A deploy test's world: a real OCI registry with the demo's SQUAD versions
// pushed to it, the Kubernetes API emulator (with the test's rules, its clock
// ten times faster), a copy of the project's manifests and config whose
// image points at that registry, and the qareports binary run against them
// as a pipeline would run it. Skipped, saying why, where a part is missing.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fixtures/build_paths.h"
#include "fixtures/emulator_client.h"
#include "fixtures/oci_registry.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"

namespace qareports::testing {

// Runs the git CLI in `repo` as a test author would (a private HOME, a
// fixed identity) and answers the first line it printed.
inline std::string Git(const std::string& repo, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-c", "user.name=t", "-c", "user.email=t@example.org"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv, repo, {{"HOME", repo}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find('\n'));
}

// Crash-looping 1.91, image pull failing 1.92, a failing migration at 1.93;
// every migration Job logs one applied migration.
inline const char* kDeployRules = R"(images:
  - match: "*squad:1.93"
    pods: jobs
    behaviour: crashloop
    log: ["Running migrations:", "  Applying squad.0151_broken...", "django.db.utils.ProgrammingError: boom"]
  - match: "*squad:*"
    pods: jobs
    behaviour: ready
    log: ["Running migrations:", "  Applying squad.0150_demo... OK"]
  - match: "*squad:1.91"
    behaviour: crashloop
    log: ["Traceback (most recent call last):", "ImportError: no module named foo"]
  - match: "*squad:1.92"
    behaviour: image-missing
  - match: "*"
    behaviour: ready
    after: 2s
)";

// The secret values the tests deploy; no output may contain them.
inline const std::map<std::string, std::string> kSecrets = {
    {"QAREPORTS_STAGING_DATABASE_PASSWORD", "db-pass-6b1f0c"},
    {"QAREPORTS_STAGING_SECRET_KEY", "django-key-93ad77"},
    {"QAREPORTS_STAGING_LDAP_BIND_PASSWORD", "ldap-pass-1c2e9a"},
    {"QAREPORTS_STAGING_API_TOKEN", "health-token-7f3a2b"},
    {"QAREPORTS_PRODUCTION_DATABASE_PASSWORD", "prod-db-pass-44e1d0"},
    {"QAREPORTS_PRODUCTION_SECRET_KEY", "prod-django-key-5a0c3f"},
    {"QAREPORTS_PRODUCTION_LDAP_BIND_PASSWORD", "prod-ldap-pass-e7b912"}};

class DeployTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(kDeployRules); }

  void Start(const std::string& rules) {
    QAREPORTS_REQUIRE_EMULATOR();
    if (std::string why = OciRegistry::Unavailable(); !why.empty()) GTEST_SKIP() << why;
    registry_ = std::make_unique<OciRegistry>();
    ASSERT_TRUE(registry_->ok()) << registry_->error();
    for (const char* v : {"1.89", "1.90", "1.91", "1.92", "1.93"}) {
      ASSERT_TRUE(registry_->Push("squadproject/squad", v));
    }
    EmulatorCluster::Options options;
    options.rules = rules;
    options.time_scale = 10;
    cluster_ = std::make_unique<EmulatorCluster>(options);
    ASSERT_TRUE(cluster_->ok()) << cluster_->error();
    ASSERT_TRUE(c_.Connect(*cluster_, "emulator").ok());
    namespace fs = std::filesystem;
    fs::copy(fs::path(QAREPORTS_SOURCE_DIR) / "k8s", fs::path(repo_.path()) / "k8s", fs::copy_options::recursive);
    std::ifstream in(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml");
    config_.assign(std::istreambuf_iterator<char>(in), {});
    Replace("docker.io/squadproject/squad", registry_->host() + "/squadproject/squad");
    // Staging's health checks ask the emulator's simulated SQUAD, whose
    // django-health-check page takes the token of Secret squad-health-token.
    std::string squad = cluster_->squad() + "/qareports-staging";
    Replace("url: https://staging-qa-reports.linaro.org/ht/", "url: " + squad + "/ht/");
    Replace("kind: squad-version\n        url: https://staging-qa-reports.linaro.org",
            "kind: squad-version\n        url: " + squad);
    Create("/api/v1/namespaces", {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "qareports-staging"}}}});
    Create("/api/v1/namespaces/qareports-staging/secrets",
           {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "squad-health-token"}}},
            {"stringData", {{"token", kSecrets.at("QAREPORTS_STAGING_API_TOKEN")}}}});
  }

  void Create(const std::string& collection, const nlohmann::json& object) {
    kube::ApiCall post;
    post.method = "POST";
    post.path = collection;
    post.body = object.dump();
    Result<kube::ApiResult> made = c_.client->Call(post);
    ASSERT_TRUE(made.ok() && made->ok()) << collection;
  }

  // Edits the copied config (then written out).
  void Replace(const std::string& from, const std::string& to) {
    size_t at = config_.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    config_.replace(at, from.size(), to);
    repo_.Write("pipelines/environments.yml", config_);
  }

  std::vector<std::string> Args(const std::vector<std::string>& args, const std::string& environment = "staging") const {
    std::vector<std::string> all = {QAREPORTS_BINARY, environment};
    all.insert(all.end(), args.begin(), args.end());
    for (const char* a : {"--config"}) all.push_back(a), all.push_back(repo_ / "pipelines/environments.yml");
    all.insert(all.end(), {"--kubeconfig", kubeconfig_.empty() ? cluster_->kubeconfig() : kubeconfig_});
    if (kubeconfig_.empty()) all.insert(all.end(), {"--context", "emulator"});
    return all;
  }

  std::map<std::string, std::string> Env() const {
    std::map<std::string, std::string> env = kSecrets;
    env["HOME"] = repo_.path();
    return env;
  }

  ProcessResult Run(const std::vector<std::string>& args) const { return RunProcess(Args(args), repo_.path(), Env()); }

  // Starts qareports without waiting; its stderr goes to `log`.
  pid_t Spawn(const std::vector<std::string>& args, const std::string& log) const {
    return StartProcess(Args(args), repo_.path(), Env(), "/dev/null", log);
  }

  static int Wait(pid_t pid) { return WaitProcess(pid, 600); }

  // Starts qareports with `args` (stderr to stopped.log), and stops it
  // (SIGTERM) `delay` after its log first shows `line`, which is when `seen`;
  // its exit code.
  int StopAfterLine(const std::vector<std::string>& args, const std::string& line, std::chrono::milliseconds delay,
                    std::chrono::steady_clock::time_point& seen) const {
    pid_t pid = Spawn(args, repo_ / "stopped.log");
    for (int i = 0; i < 600 && repo_.Read("stopped.log").find(line) == std::string::npos; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    seen = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGTERM);
    return Wait(pid);
  }

  nlohmann::json Get(const std::string& path) const {
    Result<kube::ApiResult> r = c_.client->Call(kube::Get(path));
    return r.ok() && r->ok() ? r->json : nlohmann::json();
  }

  // What a rollback must restore, object by object: every workload's images,
  // every ConfigMap's data, every Secret's data (release records aside).
  std::map<std::string, nlohmann::json> Snapshot() const {
    std::map<std::string, nlohmann::json> snap;
    const std::string ns = "/namespaces/qareports-staging/";
    for (const auto& d : Get("/apis/apps/v1" + ns + "deployments").value("items", nlohmann::json::array())) {
      nlohmann::json images = nlohmann::json::array();
      for (const char* list : {"initContainers", "containers"}) {
        for (const auto& c : d["spec"]["template"]["spec"].value(list, nlohmann::json::array())) {
          images.push_back(c["image"]);
        }
      }
      snap["Deployment/" + d["metadata"]["name"].get<std::string>()] = images;
    }
    for (const auto& c : Get("/api/v1" + ns + "configmaps").value("items", nlohmann::json::array())) {
      snap["ConfigMap/" + c["metadata"]["name"].get<std::string>()] = c.value("data", nlohmann::json::object());
    }
    for (const auto& s : Get("/api/v1" + ns + "secrets").value("items", nlohmann::json::array())) {
      if (s.value("type", "") == "qareports.linaro.org/release.v1") continue;
      if (s["metadata"].value("name", "") == "squad-health-token") continue;  // the test's own
      snap["Secret/" + s["metadata"]["name"].get<std::string>()] = s.value("data", nlohmann::json::object());
    }
    return snap;
  }

  // Every SQUAD image the Deployments run, with its "Deployment/name".
  std::vector<std::pair<std::string, std::string>> SquadImages() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, images] : Snapshot()) {
      if (name.rfind("Deployment/", 0) != 0) continue;
      for (const auto& image : images) {
        std::string text = image.get<std::string>();
        if (text.find("/squadproject/squad:") != std::string::npos) out.emplace_back(name, text);
      }
    }
    return out;
  }

  // The release records, number -> status label.
  std::map<int, std::string> Releases() const {
    std::map<int, std::string> out;
    for (const auto& s : Get("/api/v1/namespaces/qareports-staging/secrets").value("items", nlohmann::json::array())) {
      if (s.value("type", "") != "qareports.linaro.org/release.v1") continue;
      const nlohmann::json& labels = s["metadata"]["labels"];
      out[std::stoi(labels.value("qareports.linaro.org/release", "0"))] =
          labels.value("qareports.linaro.org/release-status", "");
    }
    return out;
  }

  std::string LockHolder() const {
    nlohmann::json lease = Get("/apis/coordination.k8s.io/v1/namespaces/qareports-staging/leases/qareports-deploy");
    return lease.is_object() && lease.contains("spec") ? lease["spec"].value("holderIdentity", "") : "";
  }

  static void ExpectNoSecrets(const std::string& text) {
    for (const auto& [var, value] : kSecrets) EXPECT_EQ(text.find(value), std::string::npos) << var << " leaked";
  }

  TempDir repo_;
  std::string config_;
  std::string kubeconfig_;  // instead of the emulator's, with the config's contexts (no --context)
  std::unique_ptr<OciRegistry> registry_;
  std::unique_ptr<EmulatorCluster> cluster_;
  EmulatorClient c_;
};

}  // namespace qareports::testing
