#include "config/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "fixtures/build_paths.h"
#include "fixtures/temp_dir.h"

namespace qareports::config {
namespace {

using testing::TempDir;

const char* kValid = R"(squad:
  image: squadproject/squad
  version: "1.89"
environments:
  staging:
    kube: {context: eks, namespace: qareports-staging}
    checks:
      - {name: version, kind: squad-version, url: "https://staging.example.org"}
  production:
    kube: {context: eks, namespace: qareports-production}
    gate: {from: staging, soak: 24h, checks: [version]}
)";

class LoaderTest : public ::testing::Test {
 protected:
  // Writes `text` as pipelines/environments.yml and loads it.
  Result<Config> LoadText(const std::string& text) {
    dir_.Write("pipelines/environments.yml", text);
    return Load(dir_ / "pipelines/environments.yml", fs_);
  }
  // The whole error text ("file:line:col: field: message", one per line).
  std::string Problems(const std::string& text) {
    Result<Config> c = LoadText(text);
    EXPECT_FALSE(c.ok()) << "accepted:\n" << text;
    if (c.ok()) return "";
    EXPECT_EQ(c.error().kind, ErrorKind::kInvalidInput);
    return c.error().ToString();
  }
  std::string File() { return dir_ / "pipelines/environments.yml"; }

  TempDir dir_;
  sys::RealFileSystem fs_;
};

TEST_F(LoaderTest, ReportSquadIsReadAndCheckedBeforeAnythingRuns) {
  Result<Config> none = LoadText(kValid);
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_FALSE(none->squad_report.has_value()) << "off by default";
  Result<Config> c = LoadText(std::string(kValid) +
                              "report:\n  squad:\n    url: https://qa-reports.example.org/\n    group: ~ops\n"
                              "    project: qa-reports.deploys\n    token: {env: QAREPORTS_SQUAD_TOKEN}\n");
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  ASSERT_TRUE(c->squad_report.has_value());
  EXPECT_EQ(c->squad_report->url, "https://qa-reports.example.org");
  EXPECT_EQ(c->squad_report->group, "~ops");
  EXPECT_EQ(c->squad_report->project, "qa-reports.deploys");
  EXPECT_EQ(c->squad_report->token_env, "QAREPORTS_SQUAD_TOKEN");

  std::string bad = Problems(std::string(kValid) +
                             "report:\n  squad:\n    url: ftp://qa-reports.example.org\n    group: qa reports\n"
                             "    project: -deploys\n    token: {env: 'not a name'}\n    tokn: x\n");
  EXPECT_NE(bad.find(File() + ":14:10: report.squad.url: must be an http:// or https:// URL"), std::string::npos) << bad;
  EXPECT_NE(bad.find(File() + ":15:12: report.squad.group: must be a SQUAD group slug"), std::string::npos) << bad;
  EXPECT_NE(bad.find(File() + ":16:14: report.squad.project: must be a SQUAD project slug"), std::string::npos) << bad;
  EXPECT_NE(bad.find("report.squad.token.env: must be an environment variable name"), std::string::npos) << bad;
  EXPECT_NE(bad.find("report.squad.tokn"), std::string::npos) << bad;
  std::string missing = Problems(std::string(kValid) + "report:\n  squad:\n    url: https://q.example.org\n");
  EXPECT_NE(missing.find("report.squad.group"), std::string::npos) << missing;
  EXPECT_NE(missing.find("report.squad.token: is required"), std::string::npos) << missing;
}

TEST_F(LoaderTest, LoadsAValidConfigWithDefaults) {
  Result<Config> c = LoadText(kValid);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->squad_image, "squadproject/squad");
  EXPECT_EQ(c->pin.file, "pipelines/environments.yml");
  EXPECT_EQ(c->pin.key, "squad.version");
  EXPECT_EQ(c->root, dir_.path());
  EXPECT_EQ(c->EnvironmentNames(), (std::vector<std::string>{"production", "staging"}));
  const Environment& prod = c->environments.at("production");
  EXPECT_EQ(prod.namespace_, "qareports-production");
  ASSERT_TRUE(prod.gate.has_value());
  EXPECT_EQ(prod.gate->soak_seconds, 86400);
  EXPECT_EQ(c->environments.at("staging").checks.at(0).params.at("url"), "https://staging.example.org");
}

TEST_F(LoaderTest, TheShippedConfigIsValid) {
  Result<Config> c = Load(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml", fs_);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  for (const char* env : {"dev", "testing", "staging", "production"}) EXPECT_TRUE(c->environments.count(env)) << env;
  EXPECT_EQ(c->environments.at("production").gate->from, "staging");
}

TEST_F(LoaderTest, UnknownKeyNamesLineColumnAndSuggestsTheNearest) {
  std::string text = kValid;
  text.replace(text.find("    checks:"), 11, "    chekcs:");
  std::string problems = Problems(text);
  EXPECT_EQ(problems.substr(0, problems.find('\n')),
            File() + ":7:5: environments.staging.chekcs: unknown key (did you mean \"checks\"?)");
}

TEST_F(LoaderTest, WrongTypeAndMissingFieldsAreAllReported) {
  std::string text = R"(squad:
  image: [a, b]
environments:
  staging:
    kube: {context: eks}
    timeouts: {rollout: soon}
)";
  std::string problems = Problems(text);
  EXPECT_NE(problems.find(File() + ":2:10: squad.image: must be a string"), std::string::npos) << problems;
  EXPECT_NE(problems.find(":5:11: environments.staging.kube.namespace: is required"), std::string::npos) << problems;
  EXPECT_NE(problems.find(":6:25: environments.staging.timeouts.rollout: must be a duration"), std::string::npos)
      << problems;
}

TEST_F(LoaderTest, TheBoundOfRequestsInFlightIsReadAndChecked) {
  std::string text = kValid;
  const std::string kube = "kube: {context: eks, namespace: qareports-staging}";
  text.replace(text.find(kube), kube.size(),
               "kube: {context: eks, namespace: qareports-staging, max_requests_in_flight: 0}");
  EXPECT_NE(Problems(text).find(":6:80: environments.staging.kube.max_requests_in_flight: must be between 1 and 1000"),
            std::string::npos) << Problems(text);
  text.replace(text.find("max_requests_in_flight: 0"), 25, "max_requests_in_flight: 64");
  Result<Config> c = LoadText(text);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->environments.at("staging").max_requests_in_flight, 64);
  EXPECT_EQ(c->environments.at("production").max_requests_in_flight, 32) << "the default";
}

TEST_F(LoaderTest, UnresolvableReferencesAreRejected) {
  std::string text = kValid;
  text.replace(text.find("from: staging"), 13, "from: stagign");
  EXPECT_NE(Problems(text).find(":11:18: environments.production.gate.from: \"stagign\" is not another environment "
                                "(did you mean \"staging\"?)"),
            std::string::npos);
  text = kValid;
  text.replace(text.find("checks: [version]"), 17, "checks: [version, relay]");
  EXPECT_NE(Problems(text).find("environments.production.gate.checks[1]: no check named \"relay\""),
            std::string::npos);
}

TEST_F(LoaderTest, DeployFilesMustExistAndTimeoutsAreRead) {
  std::string text = kValid;
  const std::string kube = "kube: {context: eks, namespace: qareports-staging}";
  text.replace(text.find(kube), kube.size(),
               "kube: {context: eks, namespace: qareports-staging, cluster: k8s/cluster.yml}\n"
               "    migration: k8s/jobs/migrate.yml\n    timeouts: {unschedulable: 5m}");
  std::string problems = Problems(text);
  EXPECT_NE(problems.find(":6:65: environments.staging.kube.cluster: \"k8s/cluster.yml\" does not exist"),
            std::string::npos) << problems;
  EXPECT_NE(problems.find(":7:16: environments.staging.migration: \"k8s/jobs/migrate.yml\" does not exist"),
            std::string::npos) << problems;
  dir_.Write("k8s/cluster.yml", "kind: ClusterConfig\n");
  dir_.Write("k8s/jobs/migrate.yml", "kind: Job\n");
  Result<Config> c = LoadText(text);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  const Environment& staging = c->environments.at("staging");
  EXPECT_EQ(staging.cluster_file, "k8s/cluster.yml");
  EXPECT_EQ(staging.unschedulable_grace_seconds, 300);
  EXPECT_EQ(staging.migration_job, "k8s/jobs/migrate.yml");
  EXPECT_EQ(c->environments.at("production").migration_job, "k8s/jobs/migrate.yml") << "the default, since it exists";
  EXPECT_EQ(c->environments.at("production").unschedulable_grace_seconds, 120);
}

TEST_F(LoaderTest, PinAndTagPatternAreChecked) {
  std::string text = std::string(kValid) + "release:\n  tag_pattern: 'squad-.*'\n";
  EXPECT_NE(Problems(text).find("release.tag_pattern: must have exactly one capture group"), std::string::npos);
  text = R"(squad:
  image: x
  pin: {file: squad/version.py, regex: "__version__ = '(.*)'"}
environments:
  dev: {kube: {context: c, namespace: n}}
)";
  EXPECT_NE(Problems(text).find("squad.pin.file: \"squad/version.py\" does not exist"), std::string::npos);
  dir_.Write("squad/version.py", "__version__ = '1.89'\n");
  Result<Config> c = LoadText(text);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->pin.regex, "__version__ = '(.*)'");
  EXPECT_TRUE(c->pin.key.empty());
}

// Found by fuzzing: a repeat count std::regex's compiler read into an
// overflowing `long`. Refused with its place, before anything runs.
TEST_F(LoaderTest, ARegexTheMatcherCannotTakeIsRefusedWithItsPlace) {
  std::string text =
      std::string(kValid) + "release:\n  tag_pattern: '^squad-(\\d+(?:\\.\\d+){1,22222222222222222222})$'\n";
  std::string line = std::to_string(std::count(text.begin(), text.end(), '\n'));  // the last one
  std::string problems = Problems(text);
  std::string expected = ":16: release.tag_pattern: repeats 22222222222222222222 times; at most 1000";
  EXPECT_NE(problems.find(File() + ":" + line + expected), std::string::npos) << problems;
  problems = Problems(std::string(kValid) + "release:\n  tag_pattern: '^(squad)-(\\1)$'\n");
  EXPECT_NE(problems.find("release.tag_pattern: has a back-reference (\\1), which is not supported"), std::string::npos)
      << problems;
}

// A name of 100,000 characters took a stack frame per character (util/linear_regex.h).
TEST_F(LoaderTest, ALongEnvironmentNameIsRefusedWithItsLine) {
  std::string problems = Problems("squad: {image: x}\nenvironments:\n  ? " + std::string(100000, 'a') +
                                  "_\n  : {kube: {context: c, namespace: n}}\n");  // a key past 1,024: explicit
  EXPECT_NE(problems.find(":3:5: environments.aaaa"), std::string::npos) << problems.substr(0, 300);
  EXPECT_NE(problems.find("environment names are lower-case letters"), std::string::npos) << problems.substr(0, 300);
}

TEST_F(LoaderTest, DuplicateKeysBadNamesAndUnknownCheckKinds) {
  std::string problems = Problems(R"(squad: {image: x}
environments:
  Staging: {kube: {context: c, namespace: n}}
  dev:
    kube: {context: c, namespace: n}
    kube: {context: d, namespace: n}
    checks: [{name: a, kind: htp, url: x}]
    secrets: {PASSWORD: {env: "not a name"}}
)");
  EXPECT_NE(problems.find(":3:3: environments.Staging: environment names are lower-case"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find(":6:5: environments.dev.kube: is given twice"), std::string::npos) << problems;
  EXPECT_NE(problems.find("environments.dev.checks[0].kind: unknown check kind \"htp\" (did you mean \"http\"?)"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("environments.dev.secrets.PASSWORD.env: must be an environment variable name"),
            std::string::npos)
      << problems;
}

TEST_F(LoaderTest, HttpCheckKeysAreCheckedWithTheirPlace) {
  std::string problems = Problems(R"(squad: {image: x}
environments:
  dev:
    kube: {context: c, namespace: n}
    checks:
      - {name: a, kind: http, url: x, body_regex: "(unclosed", auth: basic}
      - {name: b, kind: http, url: x, follow_redirects: maybe, ca_file: no/such.pem}
      - name: c
        kind: http
        url: x
        json: {status: ok, /db: {working: true}}
)");
  EXPECT_NE(problems.find(":6:51: environments.dev.checks[0].body_regex: is not a valid regular expression"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("environments.dev.checks[0].auth: must be token"), std::string::npos) << problems;
  EXPECT_NE(problems.find("environments.dev.checks[1].follow_redirects: must be true or false"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("environments.dev.checks[1].ca_file: \"no/such.pem\" does not exist"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find(":11:16: environments.dev.checks[2].json.status: a JSON pointer starts with \"/\""),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("environments.dev.checks[2].json./db: must be a scalar"), std::string::npos) << problems;
  Result<Config> ok = LoadText(R"(squad: {image: x}
environments:
  dev:
    kube: {context: c, namespace: n}
    checks:
      - {name: a, kind: http, url: x, body_regex: "SQUAD \\d+", auth: bearer, json: {/status: ok, /db/up: true}}
)");
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  const Check& check = ok->environments.at("dev").checks.at(0);
  EXPECT_EQ(check.json, (std::map<std::string, std::string>{{"/status", "ok"}, {"/db/up", "true"}}));
  EXPECT_EQ(check.params.at("body_regex"), "SQUAD \\d+");
}

TEST_F(LoaderTest, EmptyNotUtf8AndNotARegularFileAreInvalidInputWithAPlace) {
  Result<Config> empty = LoadText("# nothing yet\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().ToString(), File() + ":1: the configuration is empty: it must be a YAML mapping with squad "
                                                "and environments");
  EXPECT_NE(Problems("squad: {image: x}\n# caf\xe9\n").find(File() + ":2: is not UTF-8 text"), std::string::npos);
  std::filesystem::create_symlink("/dev/zero", dir_ / "zero.yml");
  Result<Config> zero = Load(dir_ / "zero.yml", fs_);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(zero.error().message.find("not a regular file"), std::string::npos) << zero.error().message;
}

TEST_F(LoaderTest, AVersionOrANamespaceThatCannotBeIsRejectedWithItsLine) {
  std::string text = kValid;
  text.replace(text.find("\"1.89\""), 6, "\"1.9x\"");
  EXPECT_NE(Problems(text).find(File() + ":3:12: squad.version: \"1.9x\" is not a SQUAD version"), std::string::npos)
      << Problems(text);
  text = kValid;
  text.replace(text.find("qareports-staging"), 17, "QA_Reports");
  EXPECT_NE(Problems(text).find(File() + ":6:37: environments.staging.kube.namespace: \"QA_Reports\" is not a "
                                         "namespace name"),
            std::string::npos)
      << Problems(text);
}

TEST_F(LoaderTest, NotYamlAndMissingFileAreInvalidInput) {
  EXPECT_NE(Problems("squad: [\n").find(File() + ":2:1: not valid YAML"), std::string::npos);
  Result<Config> missing = Load(dir_ / "nope.yml", fs_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(missing.error().place, dir_ / "nope.yml");
}

}  // namespace
}  // namespace qareports::config

namespace qareports::config {
namespace {

const char* kTerraform = R"(squad: {image: squadproject/squad, version: "1.89"}
terraform:
  binary: /opt/terraform
  backend: {bucket: state, region: us-east-1}
environments:
  staging:
    kube: {context: eks, namespace: qareports-staging}
    values: {database_host: postgres.staging.internal}
    terraform:
      layers:
        - {name: shared, dir: terraform/shared, backend: {key: shared.tfstate}}
        - name: staging
          dir: terraform/environment
          backend: {key: staging.tfstate}
          vars: {environment: staging}
          secret_vars: {database_password: {env: STAGING_DB_PASSWORD}}
      outputs: {database_host: staging.database_host}
)";

class TerraformConfigTest : public LoaderTest {};

TEST_F(TerraformConfigTest, LayersBackendsVariablesAndOutputsAreRead) {
  Result<Config> c = LoadText(kTerraform);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->terraform_binary, "/opt/terraform");
  EXPECT_EQ(c->terraform_backend.at("bucket"), "state");
  const Environment& staging = c->environments.at("staging");
  ASSERT_TRUE(staging.terraform.has_value());
  ASSERT_EQ(staging.terraform->layers.size(), 2u);
  EXPECT_EQ(staging.terraform->layers[0].name, "shared");
  EXPECT_EQ(staging.terraform->layers[1].dir, "terraform/environment");
  EXPECT_EQ(staging.terraform->layers[1].vars.at("environment"), "staging");
  EXPECT_EQ(staging.terraform->layers[1].secret_vars.at("database_password"), "STAGING_DB_PASSWORD");
  EXPECT_EQ(staging.terraform->outputs.at("database_host"), "staging.database_host");
  EXPECT_FALSE(LoadText(kValid)->environments.at("staging").terraform.has_value());
}

TEST_F(TerraformConfigTest, MistakesAreNamedWithTheirLineAndField) {
  std::string text = kTerraform;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return Problems(t);
  };
  EXPECT_NE(with("outputs: {database_host: staging.database_host}", "outputs: {database_host: nowhere.database_host}")
                .find(":17:32: environments.staging.terraform.outputs.database_host: \"nowhere.database_host\" must "
                      "be <layer>.<output>"),
            std::string::npos);
  EXPECT_NE(with("name: staging\n", "name: shared\n").find("environments.staging.terraform.layers[1].name: \"shared\" is used twice"),
            std::string::npos);
  EXPECT_NE(with("{env: STAGING_DB_PASSWORD}", "{env: 1BAD}").find(
                "environments.staging.terraform.layers[1].secret_vars.database_password.env: must be an environment "
                "variable name"),
            std::string::npos);
  EXPECT_NE(with("vars: {environment: staging}", "varz: {environment: staging}").find("terraform.layers[1].varz: unknown key"),
            std::string::npos);
  EXPECT_NE(with("      layers:\n", "      layerz:\n").find("environments.staging.terraform.layers: must list at least one layer"),
            std::string::npos);
}

}  // namespace
}  // namespace qareports::config
