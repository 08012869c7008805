// apply / upgrade / rollback against the emulator and a real OCI registry,
// through the qareports binary as a pipeline runs it: exit codes, what the
// cluster holds afterwards, the release records and the deploy lock.
#include "deploy/deploy_fixture.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "fixtures/junit_check.h"
#include "util/base64.h"
#include "util/gzip.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(DeployTest, DeploysFromNothingRecordsTheReleaseAndFreesTheLock) {
  ProcessResult r = Run({"apply", "--junit", repo_ / "apply.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, nlohmann::json> snap = Snapshot();
  for (const char* w : {"web", "worker", "fetch-worker", "listener", "scheduler"}) {
    nlohmann::json d = Get("/apis/apps/v1/namespaces/qareports-staging/deployments/" + std::string(w));
    ASSERT_TRUE(d.is_object()) << w;
    EXPECT_EQ(d["status"].value("availableReplicas", 0), d["spec"].value("replicas", 1)) << w;
    EXPECT_EQ(snap["Deployment/" + std::string(w)][0], registry_->host() + "/squadproject/squad:1.89") << w;
  }
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
  EXPECT_EQ(LockHolder(), "");
  std::string junit = repo_.Read("apply.xml");
  ReadJUnitLikeConsumers(repo_ / "apply.xml");
  for (const char* suite : {"validate", "lock", "image", "migrate", "apply", "rollout", "checks"}) {
    EXPECT_TRUE(Contains(junit, "<testsuite name=\"" + std::string(suite) + "\"")) << suite;
  }
  // In a CI log: one line per change of a workload's state, never the same twice in a row.
  for (const std::string w : {"web", "worker", "fetch-worker", "listener", "scheduler"}) {
    std::vector<std::string> lines;
    std::string prefix = "staging: " + w + ": ";
    for (size_t at = r.err.find(prefix); at != std::string::npos; at = r.err.find(prefix, at + 1)) {
      lines.push_back(r.err.substr(at, r.err.find('\n', at) - at));
    }
    ASSERT_GE(lines.size(), 1u) << w << ": " << r.err;
    for (size_t i = 1; i < lines.size(); ++i) EXPECT_NE(lines[i], lines[i - 1]) << r.err;
    EXPECT_TRUE(Contains(lines.back(), w + ": 1/1 updated, 1 ready, 1 available")) << r.err;
  }
  ExpectNoSecrets(r.out + r.err + junit);
  // No migration Job is left behind.
  EXPECT_EQ(Get("/apis/batch/v1/namespaces/qareports-staging/jobs")["items"].size(), 0u);
  // The record keeps the manifests gzipped: what base64 and gunzip read back.
  nlohmann::json record = Get("/api/v1/namespaces/qareports-staging/secrets/qareports-release-staging-v1");
  std::string stored = record["data"]["manifests"].get<std::string>();
  repo_.Write("manifests.b64", stored);
  ProcessResult unzipped = RunProcess({"/bin/sh", "-c", "base64 -d manifests.b64 | gunzip"}, repo_.path());
  ASSERT_EQ(unzipped.exit_code, 0) << unzipped.err;
  nlohmann::json manifests = nlohmann::json::parse(unzipped.out, nullptr, false);
  ASSERT_TRUE(manifests.is_array());
  EXPECT_EQ(manifests.size(), 15u);
  EXPECT_LT(stored.size() * 3, unzipped.out.size()) << "compressed to less than a third";
}

TEST_F(DeployTest, OnATerminalOneLiveLineInsteadOfALinePerChange) {
  ProcessResult r = RunOnTerminal(Args({"apply"}), repo_.path(), Env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "\r\033[Kstaging: ")) << "a line rewritten in place: " << r.err;
  EXPECT_TRUE(Contains(r.err, "web rolled out")) << r.err;
  EXPECT_FALSE(Contains(r.err, "staging: web: 1/1 updated")) << "no line per change on a terminal: " << r.err;
  ExpectNoSecrets(r.out + r.err);
}

TEST_F(DeployTest, AnUnsetVariableIsInvalidInputBeforeAnyChange) {
  for (const char* variable : {"QAREPORTS_STAGING_SECRET_KEY", "QAREPORTS_STAGING_API_TOKEN"}) {
    std::map<std::string, std::string> env = Env();
    env.erase(variable);
    ProcessResult r = RunProcess(Args({"apply"}), repo_.path(), env);
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_TRUE(Contains(r.err, variable)) << r.err;
    EXPECT_TRUE(Releases().empty());
    EXPECT_TRUE(Snapshot().empty()) << "nothing was deployed";
    EXPECT_EQ(LockHolder(), "");
  }
}

TEST_F(DeployTest, UpgradeMovesSquadAndRecordsTheMigrations) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  ProcessResult r = Run({"upgrade", "1.90", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["version"], "1.90");
  EXPECT_EQ(out["migrations"], nlohmann::json::array({"squad.0150_demo"}));
  for (const auto& [name, images] : Snapshot()) {
    if (name.rfind("Deployment/", 0) == 0) {
      EXPECT_EQ(images[0], registry_->host() + "/squadproject/squad:1.90") << name;
    }
  }
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "superseded"}, {2, "deployed"}}));
  // The simulated SQUAD answers the new version once its new pods are ready.
  sys::HttpRequest version;
  version.url = cluster_->squad() + "/qareports-staging/api/version/";
  EXPECT_EQ(c_.http.Send(version).body, "1.90");
}

TEST_F(DeployTest, CrashLoopIsCaughtAndImagesConfigMapsAndSecretsRestored) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  // The next release changes a setting, a secret and the version.
  Replace("site_name: qa-reports (staging)", "site_name: qa-reports (staging, new)");
  Replace("version: \"1.89\"", "version: \"1.91\"");
  std::map<std::string, std::string> env = Env();
  std::vector<std::string> args = Args({"apply", "--junit", repo_ / "crash.xml"});
  env["QAREPORTS_STAGING_SECRET_KEY"] = "rotated-key-55e0aa";
  ProcessResult r = RunProcess(args, repo_.path(), env);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "CrashLoopBackOff")) << r.err;
  EXPECT_TRUE(Contains(r.err, "rolled back to release 1 (SQUAD 1.89), verified")) << r.err;
  EXPECT_TRUE(Contains(r.err, "squad.0150_demo")) << "the kept migration is named: " << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  EXPECT_EQ(LockHolder(), "");
  std::string junit = repo_.Read("crash.xml");
  ReadJUnitLikeConsumers(repo_ / "crash.xml");
  EXPECT_TRUE(Contains(junit, "ImportError: no module named foo")) << "the pod's log tail is in the report";
  EXPECT_TRUE(Contains(junit, "Back-off restarting failed container")) << "the pod's events are in the report";
  EXPECT_TRUE(Contains(junit, "squad.0150_demo")) << "the kept migration is in the report";
  EXPECT_TRUE(Contains(junit, "must tolerate it")) << junit;
  ExpectNoSecrets(r.out + r.err + junit);
  EXPECT_FALSE(Contains(r.out + r.err + junit, "rotated-key-55e0aa"));
}

TEST_F(DeployTest, FailedVerificationRollsBack) {
  // Staging's version check insists on 1.89: 1.90 rolls out, then fails it.
  Replace("url: " + cluster_->squad() + "/qareports-staging\n",
          "url: " + cluster_->squad() + "/qareports-staging\n        version: \"1.89\"\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  ProcessResult r = Run({"upgrade", "1.90", "--junit", repo_ / "verify.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "health checks of release 2 (SQUAD 1.90) failed: version:")) << r.err;
  EXPECT_TRUE(Contains(r.err, "answers SQUAD 1.90, expected 1.89")) << r.err;
  EXPECT_TRUE(Contains(r.err, "rolled back to release 1 (SQUAD 1.89), verified")) << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}})) << r.err;
  std::string junit = repo_.Read("verify.xml");
  ReadJUnitLikeConsumers(repo_ / "verify.xml");
  EXPECT_TRUE(Contains(junit, "<testsuite name=\"checks\"")) << junit;
  ExpectNoSecrets(r.out + r.err + junit);
}

TEST_F(DeployTest, CheckCommandRunsTheHealthChecksNow) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  ProcessResult ok = Run({"check", "-o", "json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  nlohmann::json results = nlohmann::json::parse(ok.out);
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_TRUE(r["passed"].get<bool>()) << r.dump();
  // A wrong token: the health page answers 403 (SQUAD's, to all but staff), and the token is never shown.
  std::map<std::string, std::string> env = Env();
  env["QAREPORTS_STAGING_API_TOKEN"] = "wrong-token-0d9e";
  ProcessResult bad = RunProcess(Args({"check"}), repo_.path(), env);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Contains(bad.out, "FAIL health (http)")) << bad.out;
  EXPECT_TRUE(Contains(bad.out, "status 403, expected 200")) << bad.out;
  EXPECT_FALSE(Contains(bad.out + bad.err, "wrong-token-0d9e"));
  // A hand-made change of a SQUAD image (a crash-looping one): `workloads` fails naming it.
  std::string squad = registry_->host() + "/squadproject/squad";
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = "/apis/apps/v1/namespaces/qareports-staging/deployments/scheduler";
  patch.content_type = "application/json-patch+json";
  patch.body = nlohmann::json::array({{{"op", "replace"}, {"path", "/spec/template/spec/containers/0/image"},
                                       {"value", squad + ":1.91"}}}).dump();
  ASSERT_TRUE(c_.client->Call(patch)->ok());
  ProcessResult moved = Run({"check"});
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_TRUE(Contains(moved.out, "FAIL workloads (workloads)")) << moved.out;
  EXPECT_TRUE(Contains(moved.out, "scheduler: runs " + squad + ":1.91, expected " + squad + ":1.89")) << moved.out;
  ExpectNoSecrets(ok.out + ok.err + bad.out + bad.err + moved.out + moved.err);
}

TEST_F(DeployTest, ARollbackThatFailsExits3AndSaysAHumanMustLook) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  // Release 1's record now holds an object the cluster refuses: no way back.
  std::string record = "/api/v1/namespaces/qareports-staging/secrets/qareports-release-staging-v1";
  nlohmann::json manifests = nlohmann::json::parse(
      util::Gunzip(util::Base64Decode(Get(record)["data"]["manifests"].get<std::string>()).value_or(""))
          .value_or("[]"));
  manifests.push_back({{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                       {"metadata", {{"name", "Not_A_Valid_Name"}, {"namespace", "qareports-staging"}}}});
  // Written as records were before they were compressed: still read.
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = record;
  patch.content_type = "application/merge-patch+json";
  patch.body = nlohmann::json{{"data", {{"manifests", util::Base64Encode(manifests.dump())}}}}.dump();
  ASSERT_TRUE(c_.client->Call(patch)->ok());
  ProcessResult r = Run({"upgrade", "1.91", "--junit", repo_ / "unsafe.xml"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "the rollback to release 1 (SQUAD 1.89) failed")) << r.err;
  EXPECT_TRUE(Contains(r.err, "a human must look")) << r.err;
  EXPECT_TRUE(Contains(repo_.Read("unsafe.xml"), "RollbackFailed"));
  EXPECT_TRUE(Contains(repo_.Read("unsafe.xml"), "Not_A_Valid_Name")) << "the old record's manifests were read";
  EXPECT_EQ(LockHolder(), "") << "the lock is released even so";
  EXPECT_EQ(Releases().at(2), "failed");
}

TEST_F(DeployTest, ImagePullFailureIsCaughtAndRolledBack) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  ProcessResult r = Run({"upgrade", "1.92"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "ErrImagePull") || Contains(r.err, "ImagePullBackOff")) << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
}

TEST_F(DeployTest, FailedMigrationChangesNothingElse) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  nlohmann::json rs_before = Get("/apis/apps/v1/namespaces/qareports-staging/replicasets")["items"];
  ProcessResult r = Run({"upgrade", "1.93", "--junit", repo_ / "migrate.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "migration Job migrate-r2 failed")) << r.err;
  EXPECT_TRUE(Contains(r.err, "django.db.utils.ProgrammingError: boom")) << "its log is shown: " << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Get("/apis/apps/v1/namespaces/qareports-staging/replicasets")["items"].size(), rs_before.size())
      << "no workload rolled";
  EXPECT_EQ(Get("/apis/batch/v1/namespaces/qareports-staging/jobs")["items"].size(), 0u) << "the Job was deleted";
  EXPECT_TRUE(Contains(repo_.Read("migrate.xml"), "ProgrammingError"));
}

TEST_F(DeployTest, MissingImageIsRefusedBeforeAnyChange) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  ProcessResult r = Run({"upgrade", "1.99"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "squad:1.99 does not exist in its registry: nothing was changed")) << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}})) << "no release recorded";
}

TEST_F(DeployTest, ApplyPrunesWhatGitNoLongerHas) {
  repo_.Write("k8s/overlays/staging/90-extra.yml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: qareports-extra\ndata:\n  a: b\n");
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::string path = "/api/v1/namespaces/qareports-staging/configmaps/qareports-extra";
  ASSERT_TRUE(Get(path).is_object()) << "applied";
  std::filesystem::remove(repo_ / "k8s/overlays/staging/90-extra.yml");
  ProcessResult r = Run({"apply", "--junit", repo_ / "prune.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Get(path).is_null()) << "pruned: " << Get(path).dump();
  EXPECT_TRUE(Contains(r.err, "pruned 1")) << r.err;
  EXPECT_TRUE(Contains(repo_.Read("prune.xml"), "qareports-extra")) << "the prune is a case of the apply suite";
  EXPECT_TRUE(Get("/api/v1/namespaces/qareports-staging/configmaps/qareports-local-settings").is_object())
      << "what git still has stays";
}

TEST_F(DeployTest, RollbackRestoresThePreviousRelease) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> first = Snapshot();
  ASSERT_EQ(Run({"upgrade", "1.90"}).exit_code, 0);
  std::map<std::string, nlohmann::json> second = Snapshot();
  ProcessResult r = Run({"rollback", "--junit", repo_ / "rollback.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Snapshot(), first);
  EXPECT_TRUE(Contains(r.err, "squad.0150_demo")) << "migrations of 1.90 stay applied, and it says so: " << r.err;
  std::string junit = repo_.Read("rollback.xml");
  EXPECT_TRUE(Contains(junit, "database migrations kept")) << junit;
  EXPECT_TRUE(Contains(junit, "squad.0150_demo")) << junit;
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "superseded"}, {2, "superseded"}, {3, "deployed"}}));
  EXPECT_EQ(Run({"rollback", "7"}).exit_code, 1);
  // A named release: 2 (SQUAD 1.90) again, recorded as release 4.
  ProcessResult named = Run({"rollback", "2"});
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(Snapshot(), second);
  EXPECT_EQ(Releases(),
            (std::map<int, std::string>{{1, "superseded"}, {2, "superseded"}, {3, "superseded"}, {4, "deployed"}}));
  // `status` lists them, newest first.
  ProcessResult status = Run({"status", "-o", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  nlohmann::json listed = nlohmann::json::parse(status.out)["releases"];
  ASSERT_EQ(listed.size(), 4u) << listed.dump();
  EXPECT_EQ(listed[0]["number"], 4);
  EXPECT_EQ(listed[0]["state"], "deployed");
  EXPECT_EQ(listed[3]["number"], 1);
}

TEST_F(DeployTest, SecondConcurrentDeployExits75NamingTheHolder) {
  pid_t first = Spawn({"apply"}, repo_ / "first.log");
  for (int i = 0; i < 200 && LockHolder().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::string holder = LockHolder();
  ASSERT_FALSE(holder.empty()) << repo_.Read("first.log");
  ProcessResult second = Run({"apply"});
  EXPECT_EQ(second.exit_code, 75) << second.err;
  EXPECT_TRUE(Contains(second.err, holder)) << second.err;
  EXPECT_EQ(Wait(first), 0) << repo_.Read("first.log");
  EXPECT_EQ(LockHolder(), "");
}

TEST_F(DeployTest, ExpiredLockIsTakenOver) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  nlohmann::json lease = Get("/apis/coordination.k8s.io/v1/namespaces/qareports-staging/leases/qareports-deploy");
  lease["spec"]["holderIdentity"] = "https://gitlab.example/qa/jobs/41";
  lease["spec"]["renewTime"] = "2026-01-01T00:00:00.000000Z";
  kube::ApiCall put;
  put.method = "PUT";
  put.path = "/apis/coordination.k8s.io/v1/namespaces/qareports-staging/leases/qareports-deploy";
  put.body = lease.dump();
  ASSERT_TRUE(c_.client->Call(put)->ok());
  ProcessResult r = Run({"upgrade", "1.90"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LockHolder(), "");
}

// Waits (up to 10 s) until process `pid` catches SIGTERM, as /proc tells.
bool HandlesSigterm(pid_t pid) {
  for (int i = 0; i < 2000; ++i) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("SigCgt:", 0) == 0 && (std::stoull(line.substr(7), nullptr, 16) >> (SIGTERM - 1) & 1)) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST_F(DeployTest, SigtermNeverLeavesTheLockHeldNorAHalfAppliedEnvironment) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::mt19937 random(20261125);
  const std::vector<std::string> versions = {"1.90", "1.89", "1.91", "1.90"};
  std::map<int, int> exits;
  int interrupted_mid_change = 0;
  for (int run = 0; run < 20; ++run) {
    std::string version = versions[static_cast<size_t>(run) % versions.size()];
    std::string log = repo_ / ("run" + std::to_string(run) + ".log");
    std::string junit = "run" + std::to_string(run) + ".xml";
    pid_t pid = Spawn({"upgrade", version, "--junit", repo_ / junit}, log);
    // Any moment from main() installing its handlers (before that a signal
    // has the system's default effect, and a loaded machine may take a while
    // to get there) to well after the rollout began. A cancelled CI job
    // sends SIGTERM; a terminal, SIGINT.
    ASSERT_TRUE(HandlesSigterm(pid)) << "qareports never installed its signal handlers";
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 2350)(random)));
    ::kill(pid, run % 4 == 3 ? SIGINT : SIGTERM);
    auto signalled = std::chrono::steady_clock::now();
    int code = Wait(pid);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    std::string err = repo_.Read("run" + std::to_string(run) + ".log");
    SCOPED_TRACE("run " + std::to_string(run) + " (" + version + "), exit " + std::to_string(code) + ": " + err);
    EXPECT_LE(seconds, 10.0);
    EXPECT_TRUE(code == 0 || code == 1 || code == 3);
    EXPECT_TRUE(Contains(repo_.Read(junit), "<testsuites")) << "the report is written when interrupted too";
    ++exits[code];
    // The configuration is applied before the migration Job runs: a stop
    // after that is a stop in the middle of the change.
    interrupted_mid_change += code != 0 && err.find("running the migration Job") != std::string::npos;
    EXPECT_EQ(LockHolder(), "");
    if (code == 3) continue;  // said plainly that a human must look
    // A known state: every workload on the one version of the last good release, rolled out.
    std::map<int, std::string> releases = Releases();
    std::string good;
    for (const auto& [n, state] : releases) {
      if (state == "deployed") good = std::to_string(n);
    }
    ASSERT_FALSE(good.empty());
    nlohmann::json record = Get("/api/v1/namespaces/qareports-staging/secrets/qareports-release-staging-v" + good);
    std::string meta = util::Base64Decode(record["data"]["release"].get<std::string>()).value_or("{}");
    std::string good_version = nlohmann::json::parse(meta).value("version", "");
    nlohmann::json deployments = Get("/apis/apps/v1/namespaces/qareports-staging/deployments");
    for (const auto& d : deployments["items"]) {
      std::string image = d["spec"]["template"]["spec"]["containers"][0]["image"];
      EXPECT_EQ(image.substr(image.rfind(':') + 1), good_version) << d["metadata"]["name"];
      EXPECT_EQ(d["status"].value("updatedReplicas", 0), d["spec"].value("replicas", 1)) << d["metadata"]["name"];
      EXPECT_EQ(d["status"].value("availableReplicas", 0), d["spec"].value("replicas", 1)) << d["metadata"]["name"];
    }
    for (const auto& [n, state] : releases) EXPECT_NE(state, "pending") << "release " << n;
  }
  std::cout << "exits: 0 x" << exits[0] << ", 1 x" << exits[1] << ", 3 x" << exits[3] << "; stopped mid-change "
            << interrupted_mid_change << " times\n";
  EXPECT_GT(interrupted_mid_change, 0) << "no run was interrupted while changing the cluster";
}

// Makes the emulator misbehave (docs/emulator.md, "Faults").
void SetFaults(kube::Client& client, const std::string& spec) {
  kube::ApiCall put;
  put.method = "PUT";
  put.path = "/emulator/faults";
  put.body = spec;
  put.content_type = "text/plain";
  Result<kube::ApiResult> r = client.Call(put);
  ASSERT_TRUE(r.ok() && r->ok()) << spec;
}

TEST_F(DeployTest, SigtermEndsARequestThatHangsWithinSeconds) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  SetFaults(*c_.client, "hang:verb=get,resource=leases,times=1");
  pid_t pid = Spawn({"upgrade", "1.90", "--junit", repo_ / "stopped.xml"}, repo_ / "stopped.log");
  // Until the job asks for the lock, whose answer never comes.
  for (int i = 0; i < 600 && !Contains(repo_.Read("stopped.log"), "taking the deploy lock"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(pid, SIGTERM);
  auto signalled = std::chrono::steady_clock::now();
  int code = Wait(pid);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  std::string err = repo_.Read("stopped.log");
  EXPECT_LE(seconds, 10.0) << err;
  EXPECT_EQ(code, 1) << "nothing was changed: " << err;
  EXPECT_TRUE(Contains(err, "the job was stopped (SIGTERM) before an answer came")) << err;
  EXPECT_TRUE(Contains(repo_.Read("stopped.xml"), "<testsuites")) << "the report is written";
  EXPECT_EQ(LockHolder(), "");
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
}

// A stopped job gives up on a request the server has not served yet; when
// the server serves it later, after the next job's release, it must not
// undo that release (the write carries the resourceVersion it was read at).
TEST_F(DeployTest, AStoppedJobsWriteThatReachesTheServerLateDoesNotUndoTheNextRelease) {
  ASSERT_TRUE(registry_->Push("squadproject/squad", "1.94"));
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  // The first write of a Deployment is served 25 s late; the job is stopped while it is held.
  SetFaults(*c_.client, "latency=25s:verb=patch,resource=deployments,times=1");
  std::chrono::steady_clock::time_point migrated;
  int stopped = StopAfterLine({"upgrade", "1.90"}, "migration done", std::chrono::milliseconds(500), migrated);
  auto late = migrated + std::chrono::seconds(25);
  ASSERT_TRUE(stopped == 1 || stopped == 3) << repo_.Read("stopped.log");
  ProcessResult next = Run({"upgrade", "1.94"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  ASSERT_LT(std::chrono::steady_clock::now(), late) << "the next job must end before the late write is served";
  std::this_thread::sleep_until(late + std::chrono::seconds(2));
  std::vector<std::pair<std::string, std::string>> squads = SquadImages();
  for (const auto& [name, image] : squads) EXPECT_EQ(image, registry_->host() + "/squadproject/squad:1.94") << name;
  EXPECT_GE(squads.size(), 5u);
  std::map<int, std::string> releases = Releases();
  ASSERT_FALSE(releases.empty());
  EXPECT_EQ(releases.rbegin()->second, "deployed");
}

// A stopped upgrade's write the server makes late, after the job's own
// restore found that object unchanged, carried a resourceVersion that was
// still current, and landed on the restored release. The restore now writes
// every object (plan::kRestoredAnnotation), so that the late write is refused.
TEST_F(DeployTest, AStoppedJobsWriteThatReachesTheServerLateDoesNotUndoItsOwnRollback) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  SetFaults(*c_.client, "latency=15s:verb=patch,resource=deployments,times=1");
  std::chrono::steady_clock::time_point migrated;
  int stopped = StopAfterLine({"upgrade", "1.90"}, "migration done", std::chrono::milliseconds(500), migrated);
  auto late = migrated + std::chrono::seconds(15);
  ASSERT_EQ(stopped, 1) << repo_.Read("stopped.log");
  ASSERT_LT(std::chrono::steady_clock::now(), late) << "the job must end before the late write is served";
  std::this_thread::sleep_until(late + std::chrono::seconds(2));
  nlohmann::json deployments = Get("/apis/apps/v1/namespaces/qareports-staging/deployments");
  ASSERT_TRUE(deployments.contains("items")) << deployments.dump();
  for (const auto& d : deployments["items"]) {
    EXPECT_TRUE(d["metadata"]["annotations"].contains("qareports.linaro.org/restored")) << d["metadata"]["name"];
  }
  std::vector<std::pair<std::string, std::string>> squads = SquadImages();
  for (const auto& [name, image] : squads) EXPECT_EQ(image, registry_->host() + "/squadproject/squad:1.89") << name;
  EXPECT_GE(squads.size(), 5u);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  ProcessResult plan = Run({"plan", "--only", "kubernetes", "--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << "the restore's stamp is not a change: " << plan.out << plan.err;
}

TEST_F(DeployTest, TimeoutBoundsTheWholeJobAndNamesTheStepThatRanOut) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  SetFaults(*c_.client, "hang:verb=get,resource=leases,times=1");
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = Run({"upgrade", "1.90", "--timeout", "5s"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_LE(seconds, 7.0) << "the job's deadline, not a request's: " << r.err;
  EXPECT_TRUE(Contains(r.err, "--timeout (5 s) ran out")) << r.err;
  EXPECT_TRUE(Contains(r.err, "lock")) << "the step that ran out: " << r.err;
  EXPECT_EQ(LockHolder(), "");
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
}

TEST_F(DeployTest, HostileManifestsAreInvalidInputBeforeTheLock) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::string bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'l'; ++level) {
    bomb += std::string("  ") + level + ": &" + level + " [*" + char(level - 1) + ", *" + char(level - 1) + ", *" +
            char(level - 1) + ", *" + char(level - 1) + ", *" + char(level - 1) + ", *" + char(level - 1) + ", *" +
            char(level - 1) + ", *" + char(level - 1) + ", *" + char(level - 1) + "]\n";
  }
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"an alias bomb", bomb},
      {"a value that is not UTF-8", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {a: \"caf\xe9\"}\n"},
      {"an integer past 64 bits", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {}\nx: 100000000000000000000000\n"},
  };
  for (const auto& [what, text] : hostile) {
    SCOPED_TRACE(what);
    repo_.Write("k8s/base/60-hostile.yml", text);
    ProcessResult r = Run({"upgrade", "1.90"});
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_TRUE(Contains(r.err, "k8s/base/60-hostile.yml:")) << "the file and line are named: " << r.err;
    EXPECT_FALSE(Contains(r.err, "taking the deploy lock")) << "decided before the lock: " << r.err;
  }
  std::filesystem::remove(repo_ / "k8s/base/60-hostile.yml");
  std::filesystem::create_symlink("/dev/zero", repo_ / "k8s/base/60-hostile.yml");
  ProcessResult zero = Run({"upgrade", "1.90"});
  EXPECT_EQ(zero.exit_code, 65) << zero.err;
  EXPECT_TRUE(Contains(zero.err, "not a regular file")) << zero.err;
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
  EXPECT_EQ(LockHolder(), "");
}

TEST_F(DeployTest, AMissingSecretKeyIsCaughtAsCreateContainerConfigErrorAndRolledBack) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  // The next release makes the httpd sidecar read a key the Secret lacks.
  std::string web = repo_.Read("k8s/base/30-web.yml");
  web.replace(web.find("          image: httpd:2.4\n"), 27,
              "          image: httpd:2.4\n          env:\n            - name: TOKEN\n              valueFrom:\n"
              "                secretKeyRef: {name: qareports-environment, key: NO_SUCH_KEY}\n");
  repo_.Write("k8s/base/30-web.yml", web);
  ProcessResult r = Run({"apply", "--junit", repo_ / "config-error.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "web: CreateContainerConfigError")) << r.err;
  EXPECT_TRUE(Contains(r.err, "NO_SUCH_KEY")) << r.err;
  EXPECT_TRUE(Contains(r.err, "rolled back to release 1 (SQUAD 1.89), verified")) << r.err;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
  EXPECT_EQ(LockHolder(), "");
}

// httpd 2.5 runs but never becomes ready: only the progress deadline says so.
class NeverReadyTest : public DeployTest {
 protected:
  void SetUp() override {
    std::string rules = kDeployRules;
    rules.insert(rules.find("  - match: \"*\"\n"), "  - match: \"httpd:2.5\"\n    behaviour: never-ready\n");
    Start(rules);
  }
};

TEST_F(NeverReadyTest, ProgressDeadlineExceededIsCaughtAndRolledBack) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, nlohmann::json> before = Snapshot();
  std::string web = repo_.Read("k8s/base/30-web.yml");
  web.replace(web.find("image: httpd:2.4"), 16, "image: httpd:2.5");
  web.replace(web.find("spec:\n  selector:"), 5, "spec:\n  progressDeadlineSeconds: 30");
  repo_.Write("k8s/base/30-web.yml", web);
  ProcessResult r = Run({"apply", "--junit", repo_ / "deadline.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "web: ProgressDeadlineExceeded")) << r.err;
  EXPECT_TRUE(Contains(r.err, "rolled back to release 1 (SQUAD 1.89), verified")) << r.err;
  EXPECT_TRUE(Contains(repo_.Read("deadline.xml"), "ProgressDeadlineExceeded"));
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));
}

// A cluster whose Fargate profiles leave out the staging namespace, as
// k8s/cluster.yml says of a namespace nobody added to it.
class OutsideFargateTest : public DeployTest {
 protected:
  void SetUp() override {
    Start(std::string(kDeployRules) + "fargate:\n  namespaces: [kube-system, default]\n");
    repo_.Write("k8s/cluster.yml",
                "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: qareports}\n"
                "fargateProfiles:\n  - name: system\n    selectors:\n      - namespace: kube-system\n");
  }
};

TEST_F(OutsideFargateTest, UnschedulablePodsFailAtOnceAndTheFirstReleaseIsRemoved) {
  ProcessResult r = Run({"apply", "--junit", repo_ / "apply.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "FailedScheduling")) << r.err;
  EXPECT_TRUE(Contains(r.err, "outside every Fargate profile")) << r.err;
  EXPECT_TRUE(Contains(r.err, "there was no earlier release")) << r.err;
  EXPECT_TRUE(Contains(repo_.Read("apply.xml"), "FailedScheduling"));
  std::map<std::string, nlohmann::json> left = Snapshot();
  for (const auto& [name, value] : left) {
    EXPECT_TRUE(name.rfind("ConfigMap/kube-root-ca.crt", 0) == 0) << name << " was left behind";
  }
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "failed"}}));
  EXPECT_EQ(LockHolder(), "");
}

}  // namespace
}  // namespace qareports::testing
