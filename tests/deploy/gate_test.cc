// Production's gate against the emulator, through the qareports binary: the
// shipped config (production gated on staging, soak 24h, the checks version,
// health, workloads and relay), a git repository the config lives in (the
// tagged commit and a later one staging deploys), staging deployed first.
// Every condition open and closed, staging unreachable, the relay down, and
// `upgrade production` refusing a closed gate, proceeding through an open
// one, and --skip-gate recorded.
#include <pugixml.hpp>
#include <yaml-cpp/yaml.h>

#include <chrono>

#include "deploy/deploy_fixture.h"
#include "util/base64.h"
#include "util/time_format.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class GateTest : public DeployTest {
 protected:
  void SetUp() override {
    std::string rules = kDeployRules;
    // Production's relay probe: answering, unless its image says the relay is down.
    rules.insert(rules.find("  - match: \"*\"\n"),
                 "  - match: \"*relay-down*\"\n    pods: jobs\n    behaviour: job-fails\n"
                 "    log: [\"smtp-probe: cannot connect to aws-smtp-relay.kube-system:1025: Connection refused\"]\n");
    Start(rules);
    if (IsSkipped() || HasFatalFailure()) return;
    std::string squad = cluster_->squad() + "/qareports-production";
    Replace("kind: squad-version\n        url: https://qa-reports.linaro.org", "kind: squad-version\n        url: " + squad);
    Create("/api/v1/namespaces", {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "qareports-production"}}}});
    // The repository: the release is tagged, then main moves on and staging
    // deploys that; a side branch never reaches staging.
    Git({"init", "-q", "-b", "main"});
    Git({"add", "-A"});
    Git({"commit", "-q", "-m", "squad 1.89"});
    tagged_ = Git({"rev-parse", "HEAD"});
    Git({"tag", "squad-1.89"});
    Git({"checkout", "-q", "-b", "side"});
    repo_.Write("side.txt", "x");
    Git({"add", "-A"});
    Git({"commit", "-q", "-m", "side"});
    side_ = Git({"rev-parse", "HEAD"});
    Git({"checkout", "-q", "main"});
    repo_.Write("README.md", "later");
    Git({"add", "README.md"});
    Git({"commit", "-q", "-m", "later"});
  }

  std::string Git(const std::vector<std::string>& args) { return testing::Git(repo_.path(), args); }

  ProcessResult Production(const std::vector<std::string>& args) const {
    return RunProcess(Args(args, "production"), repo_.path(), Env());
  }

  // Staging's release `n` deployed `hours` ago, as its record says.
  void DeployedHoursAgo(int n, int hours) {
    std::string path = "/api/v1/namespaces/qareports-staging/secrets/qareports-release-staging-v" + std::to_string(n);
    nlohmann::json meta = nlohmann::json::parse(util::Base64Decode(Get(path)["data"]["release"].get<std::string>()).value());
    meta["deployed"] = util::Iso8601(std::chrono::system_clock::now() - std::chrono::hours(hours));
    kube::ApiCall patch;
    patch.method = "PATCH";
    patch.path = path;
    patch.content_type = "application/merge-patch+json";
    patch.body = nlohmann::json{{"data", {{"release", util::Base64Encode(meta.dump())}}}}.dump();
    ASSERT_TRUE(c_.client->Call(patch)->ok());
  }

  // name -> failure message ("" when it passed), from a gate JUnit report.
  std::map<std::string, std::string> Cases(const std::string& file) const {
    pugi::xml_document xml;
    EXPECT_TRUE(xml.load_file((repo_ / file).c_str()));
    std::map<std::string, std::string> out;
    for (pugi::xpath_node n : xml.select_nodes("//testsuite[@name='gate']/testcase")) {
      std::string name = std::string(n.node().attribute("classname").value()) + " " + n.node().attribute("name").value();
      out[name] = n.node().child("failure").attribute("message").value();
    }
    return out;
  }

  std::string tagged_, side_;
};

TEST_F(GateTest, OpensWhenStagingProvedTheRelease) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  DeployedHoursAgo(1, 25);
  ProcessResult r = Production({"gate", "--commit", "squad-1.89", "--junit", repo_ / "gate.xml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "production: gate open for SQUAD 1.89")) << r.out;
  std::map<std::string, std::string> cases = Cases("gate.xml");
  EXPECT_EQ(cases.size(), 8u);
  for (const auto& [name, failure] : cases) EXPECT_EQ(failure, "") << name;
  for (const char* name : {"gate.staging last release good", "gate.staging version", "gate.staging commit",
                           "gate.staging soak", "gate.staging version (squad-version)", "gate.staging health (http)",
                           "gate.staging workloads (workloads)", "gate.production relay (job)"}) {
    EXPECT_TRUE(cases.count(name)) << name;
  }
  EXPECT_TRUE(Contains(r.out, "staging has run it for 1d1h (soak 1d)")) << r.out;
  ExpectNoSecrets(r.out + r.err);
}

TEST_F(GateTest, EachConditionClosesItSayingWhy) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  // Just deployed: not soaked.
  ProcessResult fresh = Production({"gate", "--commit", tagged_, "--junit", repo_ / "fresh.xml"});
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_TRUE(Contains(Cases("fresh.xml")["gate.staging soak"], "of the 1d soak; the gate opens at")) << fresh.out;
  EXPECT_TRUE(Contains(fresh.err, "the gate of production is closed: soak: staging has run it for")) << fresh.err;
  DeployedHoursAgo(1, 30);
  // Another version than staging runs.
  ProcessResult other = Production({"gate", "1.90", "--commit", tagged_, "--junit", repo_ / "other.xml"});
  EXPECT_EQ(other.exit_code, 1);
  std::map<std::string, std::string> cases = Cases("other.xml");
  EXPECT_EQ(cases["gate.staging version"], "staging runs SQUAD 1.89, not 1.90 (the version being promoted)");
  EXPECT_TRUE(Contains(cases["gate.staging version (squad-version)"], "expected 1.90")) << cases["gate.staging version (squad-version)"];
  EXPECT_EQ(cases["gate.staging soak"], "");
  // A tagged commit staging's commit does not contain.
  ProcessResult side = Production({"gate", "--commit", side_, "--junit", repo_ / "side.xml"});
  EXPECT_EQ(side.exit_code, 1);
  EXPECT_TRUE(Contains(Cases("side.xml")["gate.staging commit"], "which does not contain the tagged commit " + side_.substr(0, 12)));
  // A revision that does not exist is bad input.
  EXPECT_EQ(Production({"gate", "--commit", "no-such-tag"}).exit_code, 65);
  // Staging's last release failed (crash-looping 1.91, rolled back).
  ASSERT_EQ(Run({"upgrade", "1.91"}).exit_code, 1);
  ProcessResult failed = Production({"gate", "--commit", tagged_, "--junit", repo_ / "failed.xml"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(Cases("failed.xml")["gate.staging last release good"], "staging's release 2 (SQUAD 1.91) is failed, not deployed");
}

TEST_F(GateTest, TheRelayDownClosesIt) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  DeployedHoursAgo(1, 25);
  std::string probe = repo_.Read("k8s/probes/smtp-probe.yml");
  probe.replace(probe.find("python:3.12-alpine"), 18, "example.org/relay-down:1");
  repo_.Write("k8s/probes/smtp-probe.yml", probe);
  ProcessResult r = Production({"gate", "--commit", tagged_, "--junit", repo_ / "gate.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::map<std::string, std::string> cases = Cases("gate.xml");
  EXPECT_TRUE(Contains(cases["gate.production relay (job)"], "Connection refused")) << cases["gate.production relay (job)"];
  EXPECT_EQ(cases["gate.staging soak"], "");
  EXPECT_EQ(Get("/apis/batch/v1/namespaces/qareports-production/jobs")["items"].size(), 0u);
}

TEST_F(GateTest, StagingUnreachableClosesIt) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  // Staging's context names a cluster nobody listens on; production's the emulator.
  YAML::Node kc = YAML::LoadFile(cluster_->kubeconfig());
  YAML::Node down;
  down["name"] = "down";
  down["cluster"] = YAML::Clone(kc["clusters"][0]["cluster"]);
  down["cluster"]["server"] = "https://127.0.0.1:9";
  kc["clusters"].push_back(down);
  YAML::Node staging, production;
  staging["name"] = "staging-cluster";
  staging["context"]["cluster"] = "down";
  staging["context"]["user"] = kc["contexts"][0]["context"]["user"].as<std::string>();
  production["name"] = "production-cluster";
  production["context"] = YAML::Clone(kc["contexts"][0]["context"]);
  for (const auto& c : kc["contexts"]) {
    if (c["name"].as<std::string>() == "emulator") production["context"] = YAML::Clone(c["context"]);
  }
  kc["contexts"].push_back(staging);
  kc["contexts"].push_back(production);
  repo_.Write("kubeconfig", YAML::Dump(kc));
  kubeconfig_ = repo_ / "kubeconfig";
  std::string staging_at = "      context: qareports-eks\n      namespace: qareports-staging";
  Replace(staging_at, "      context: staging-cluster\n      namespace: qareports-staging");
  Replace("      context: qareports-eks\n      namespace: qareports-production",
          "      context: production-cluster\n      namespace: qareports-production");
  ProcessResult r = Production({"gate", "--commit", tagged_, "--junit", repo_ / "gate.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::map<std::string, std::string> cases = Cases("gate.xml");
  EXPECT_TRUE(Contains(cases["gate.staging last release good"], "cannot read staging's release records:"))
      << cases["gate.staging last release good"];
  EXPECT_TRUE(Contains(cases["gate.staging workloads (workloads)"], "cannot reach staging's cluster"))
      << cases["gate.staging workloads (workloads)"];
  EXPECT_EQ(cases["gate.production relay (job)"], "") << "production's own check still ran";
}

TEST_F(GateTest, UpgradeProductionRefusesAClosedGateAndProceedsThroughAnOpenOne) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);
  std::map<std::string, std::string> tag = Env();
  tag["CI_COMMIT_SHA"] = tagged_;
  ProcessResult closed = RunProcess(Args({"upgrade", "--junit", repo_ / "closed.xml"}, "production"), repo_.path(), tag);
  EXPECT_EQ(closed.exit_code, 1) << closed.err;
  EXPECT_TRUE(Contains(closed.err, "the gate of production is closed, nothing was changed: soak:")) << closed.err;
  EXPECT_EQ(Get("/apis/apps/v1/namespaces/qareports-production/deployments")["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/namespaces/qareports-production/secrets")["items"].size(), 0u) << "no release recorded";
  EXPECT_TRUE(Contains(Cases("closed.xml")["gate.staging soak"], "soak")) << "the report says why";

  DeployedHoursAgo(1, 25);
  ProcessResult open = RunProcess(Args({"upgrade"}, "production"), repo_.path(), tag);
  ASSERT_EQ(open.exit_code, 0) << open.err;
  EXPECT_TRUE(Contains(open.err, "production: gate open")) << open.err;
  nlohmann::json record = Get("/api/v1/namespaces/qareports-production/secrets/qareports-release-production-v1");
  nlohmann::json meta = nlohmann::json::parse(util::Base64Decode(record["data"]["release"].get<std::string>()).value());
  EXPECT_EQ(meta["gate"], "open");
  EXPECT_EQ(meta["commit"], tagged_);
  EXPECT_FALSE(meta["deployed"].get<std::string>().empty());
  ExpectNoSecrets(closed.out + closed.err + open.out + open.err);
}

TEST_F(GateTest, SkipGateIsLoudAndRecorded) {
  ASSERT_EQ(Run({"apply"}).exit_code, 0);  // not soaked: the gate would be closed
  ProcessResult r = Production({"apply", "--skip-gate", "--junit", repo_ / "skip.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "THE GATE OF production IS SKIPPED (--skip-gate")) << r.err;
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_file((repo_ / "skip.xml").c_str()));
  pugi::xml_node skipped = xml.select_node("//testsuite[@name='gate']/testcase/skipped").node();
  ASSERT_TRUE(skipped);
  EXPECT_TRUE(Contains(skipped.attribute("message").value(), "--skip-gate"));
  nlohmann::json record = Get("/api/v1/namespaces/qareports-production/secrets/qareports-release-production-v1");
  nlohmann::json meta = nlohmann::json::parse(util::Base64Decode(record["data"]["release"].get<std::string>()).value());
  EXPECT_EQ(meta["gate"], "skipped (--skip-gate)");
}

}  // namespace
}  // namespace qareports::testing
