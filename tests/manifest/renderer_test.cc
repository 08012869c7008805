#include "manifest/renderer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "config/loader.h"
#include "fakes/fake_sys.h"
#include "fixtures/build_paths.h"
#include "fixtures/temp_dir.h"
#include "util/yaml_emit.h"

namespace qareports::testing {
namespace {

const char* kConfig = R"(squad: {image: squadproject/squad, version: "1.89"}
environments:
  staging:
    kube: {context: eks, namespace: qareports-staging}
    values: {replicas: 3, host: staging.example.org, debug: "true"}
    secrets: {DB_PASSWORD: {env: STAGING_DB_PASSWORD}, KEY: {env: STAGING_KEY}}
)";

class RendererTest : public ::testing::Test {
 protected:
  Result<manifest::Rendered> RenderDir(bool require_secrets = true) {
    dir_.Write("pipelines/environments.yml", kConfig);
    Result<config::Config> c = config::Load(dir_ / "pipelines/environments.yml", fs_);
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    config_ = *c;
    return manifest::Render(config_, config_.environments.at("staging"), fs_, env_, require_secrets);
  }
  TempDir dir_;
  sys::RealFileSystem fs_;
  FakeEnvironment env_;
  config::Config config_;
};

TEST_F(RendererTest, SubstitutesTypesOverlaysAndLabels) {
  dir_.Write("k8s/base/web.yml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app.kubernetes.io/name: web}}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
      - {name: web, image: "${image}", args: ["--host=${host}", "$${literal}"], env: [{name: DEBUG, value: "${debug}"}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: "${namespace}"}
)");
  dir_.Write("k8s/overlays/staging/web.yml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                                             "spec: {minReadySeconds: 5}\n");
  env_.vars = {{"STAGING_DB_PASSWORD", "x"}, {"STAGING_KEY", "y"}};
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->objects.size(), 2u);
  const nlohmann::json& web = r->objects[0].object;
  EXPECT_EQ(web["spec"]["replicas"], 3);  // a whole placeholder takes the value's type
  EXPECT_EQ(web["spec"]["minReadySeconds"], 5);  // merged from the overlay
  const nlohmann::json& c = web["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["image"], "squadproject/squad:1.89");
  EXPECT_EQ(c["args"][0], "--host=staging.example.org");
  EXPECT_EQ(c["args"][1], "${literal}");
  EXPECT_EQ(c["env"][0]["value"], "true");  // quoted: stays a string
  EXPECT_EQ(web["metadata"]["namespace"], "qareports-staging");
  EXPECT_EQ(web["metadata"]["labels"]["qareports.linaro.org/environment"], "staging");
  EXPECT_EQ(web["metadata"]["labels"]["app.kubernetes.io/managed-by"], "qareports");
  EXPECT_EQ(web["metadata"]["labels"]["app.kubernetes.io/name"], "web");
  EXPECT_FALSE(r->objects[1].object["metadata"].contains("namespace"));  // cluster-scoped
}

TEST_F(RendererTest, EveryUnresolvedPlaceholderIsReportedWithFileAndLine) {
  dir_.Write("k8s/base/a.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: ${nope}\n"
                               "  y: \"${secret:KEY}\"\n");
  dir_.Write("k8s/base/b.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {z: \"${also_nope\"}\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  std::string all = r.error().ToString();
  EXPECT_NE(all.find("k8s/base/a.yml:5:6: data.x: unresolved placeholder ${nope}"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/a.yml:6:6: data.y: ${secret:KEY} is only allowed in the stringData of a Secret"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("k8s/base/b.yml:4:11: data.z: unterminated placeholder"), std::string::npos) << all;
}

TEST_F(RendererTest, HostileDocumentsAreInvalidInputWithFileAndLine) {
  // Nine aliases to nine aliases, twelve deep: 9^12 values from 1 kB.
  std::string bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'm'; ++level) {
    std::string ref = std::string("*") + char(level - 1);
    bomb += std::string("  ") + level + ": &" + level + " [" + ref;
    for (int i = 1; i < 9; ++i) bomb += ", " + ref;
    bomb += "]\n";
  }
  dir_.Write("k8s/base/bomb.yml", bomb);
  dir_.Write("k8s/base/latin1.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: l}\ndata:\n  caf\xe9: x\n  b: \"\xff\"\n");
  dir_.Write("k8s/base/big.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\nn: 100000000000000000000000\n");
  std::string deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nd: " + std::string(200, '[') +
                     std::string(200, ']') + "\n";
  dir_.Write("k8s/base/deep.yml", deep);
  // Found by tests/fuzz/manifest_fuzz.cc: naming an object whose metadata is not a mapping threw.
  dir_.Write("k8s/base/odd.yml", "apiVersion: v1\nkind: [ConfigMap]\nmetadata: odd\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  std::string all = r.error().ToString();
  EXPECT_NE(all.find("k8s/base/bomb.yml:"), std::string::npos) << all;
  EXPECT_NE(all.find("(an alias bomb?)"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/latin1.yml:5:3: data: is not valid UTF-8 text"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/latin1.yml:6:6: data.b: is not valid UTF-8 text"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/big.yml:4:4: n: is a number too large"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/deep.yml:"), std::string::npos) << all;
  EXPECT_NE(all.find("k8s/base/odd.yml:"), std::string::npos) << all;
}

// `[0-9]+` over a plain scalar of 100,000 digits took a stack frame per digit
// and killed the agent (util/linear_regex.h).
TEST_F(RendererTest, ALongNumberIsReadWithoutExhaustingTheStack) {
  dir_.Write("k8s/base/long.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\nf: 1." +
                                      std::string(100000, '5') + "\nn: " + std::string(100000, '7') + "\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("k8s/base/long.yml:5:4: n: is a number too large"), std::string::npos)
      << r.error().ToString().substr(0, 300);
}

// Found by fuzzing (tests/fuzz/corpus/manifest/regression-80b1855…): a float past a double's range
// threw out of the parser and killed the agent.
TEST_F(RendererTest, AFloatPastADoublesRangeIsInvalidInputWithItsLine) {
  dir_.Write("k8s/base/huge.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\nf: 2.5e999\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().ToString().find("k8s/base/huge.yml:4:4: f: is a number too large"), std::string::npos)
      << r.error().ToString().substr(0, 300);
}

TEST_F(RendererTest, AFloatBelowADoublesSmallestIsReadAsTheNearestDoubleAsKubectlReadsIt) {
  dir_.Write("k8s/base/tiny.yml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tiny}\nzero: 1e-400\nsmallest: 4.9e-324\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_TRUE(r.ok()) << r.error().ToString().substr(0, 300);
  const nlohmann::json* tiny = nullptr;
  for (const auto& o : r->objects)
    if (o.object["metadata"]["name"] == "tiny") tiny = &o.object;
  ASSERT_NE(tiny, nullptr);
  EXPECT_EQ((*tiny)["zero"], 0.0);
  EXPECT_GT((*tiny)["smallest"].get<double>(), 0.0);
  EXPECT_EQ((*tiny)["smallest"].dump(), "5e-324");
}

TEST_F(RendererTest, AManifestThatIsNotARegularFileIsInvalidInput) {
  dir_.Write("k8s/base/keep.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\n");
  std::filesystem::create_symlink("/dev/zero", dir_ / "k8s/base/zero.yml");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().ToString().find("k8s/base/zero.yml"), std::string::npos) << r.error().ToString();
  EXPECT_NE(r.error().ToString().find("not a regular file"), std::string::npos) << r.error().ToString();
}

TEST_F(RendererTest, APinThatIsNotAVersionIsInvalidInputNamingThePinFile) {
  dir_.Write("pipelines/environments.yml", std::string(kConfig).replace(std::string(kConfig).find("version: \"1.89\""),
                                                                        15, "pin: {file: squad/version.py, regex: \"v = '(.*)'\"}"));
  dir_.Write("squad/version.py", "# the version\nv = '1.9x'\n");
  Result<config::Config> c = config::Load(dir_ / "pipelines/environments.yml", fs_);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  Result<std::map<std::string, std::string>> values = manifest::Values(*c, c->environments.at("staging"), fs_);
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(values.error().ToString().find("squad/version.py:2: squad.pin: \"1.9x\" is not a SQUAD version"),
            std::string::npos) << values.error().ToString();
}

TEST_F(RendererTest, APinWrittenWithAVIsDeployedAndCheckedAsTheTagUpstreamPublishes) {
  // SQUAD's git tags read v1.89; its images are squadproject/squad:1.89.
  dir_.Write("pipelines/environments.yml", std::string(kConfig).replace(std::string(kConfig).find("\"1.89\""), 6,
                                                                        "v1.89"));
  dir_.Write("k8s/base/web.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n"
                                 "data: {image: \"${image}\", version: \"${squad_version}\"}\n");
  Result<config::Config> c = config::Load(dir_ / "pipelines/environments.yml", fs_);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  Result<std::map<std::string, std::string>> values = manifest::Values(*c, c->environments.at("staging"), fs_);
  ASSERT_TRUE(values.ok()) << values.error().ToString();
  EXPECT_EQ((*values)["image"], "squadproject/squad:1.89");
  EXPECT_EQ((*values)["squad_version"], "1.89");
  Result<manifest::Rendered> r = manifest::Render(*c, c->environments.at("staging"), fs_, env_, true);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->objects[0].object["data"]["image"], "squadproject/squad:1.89");
  EXPECT_EQ(r->objects[0].object["data"]["version"], "1.89");
}

TEST_F(RendererTest, SecretsComeFromTheEnvironmentAndMissingOnesAreNamedTogether) {
  dir_.Write("k8s/base/s.yml", "apiVersion: v1\nkind: Secret\nmetadata: {name: env}\nstringData:\n"
                               "  DATABASE: \"host=db:password=${secret:DB_PASSWORD}\"\n  KEY: \"${secret:KEY}\"\n"
                               "  PLAIN: visible\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("STAGING_DB_PASSWORD, STAGING_KEY"), std::string::npos) << r.error().message;
  Result<manifest::Rendered> masked = RenderDir(false);
  ASSERT_TRUE(masked.ok()) << masked.error().ToString();
  ASSERT_EQ(masked->secrets.size(), 2u);
  EXPECT_EQ(masked->secrets[0].variable, "STAGING_DB_PASSWORD");
  EXPECT_FALSE(masked->secrets[0].set);
  EXPECT_EQ(masked->secrets[0].key, "DATABASE");
  env_.vars = {{"STAGING_DB_PASSWORD", "canary-s3cr3t"}, {"STAGING_KEY", "canary-k3y"}};
  r = RenderDir();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->objects[0].object["stringData"]["DATABASE"], "host=db:password=canary-s3cr3t");
  std::string printed = util::ToYaml(manifest::Masked(r->objects[0], r->secrets));
  EXPECT_EQ(printed.find("canary"), std::string::npos) << printed;
  EXPECT_NE(printed.find("(secret from $STAGING_KEY)"), std::string::npos) << printed;
}

// SQUAD 1.89 splits DATABASE on ':' and passes each value through
// json.loads (squad/settings.py): such values are refused before any change,
// naming the placeholder, never the value.
TEST_F(RendererTest, ADatabaseValueSquadWouldSplitOrRetypeIsInvalidInputNamingItsPlaceholder) {
  dir_.Write("k8s/base/s.yml", "apiVersion: v1\nkind: Secret\nmetadata: {name: env}\nstringData:\n"
                               "  DATABASE: \"ENGINE=x:HOST=${host}:PASSWORD=${secret:DB_PASSWORD}:OPTIONS={}\"\n"
                               "  KEY: \"${secret:KEY}\"\n");
  for (std::string password : {"canary:s3cr3t", "null", "true", "1e5", "\"canary\"", "canary ", "NaN"}) {
    env_.vars = {{"STAGING_DB_PASSWORD", password}, {"STAGING_KEY", "k:e:y is fine outside DATABASE"}};
    Result<manifest::Rendered> r = RenderDir();
    ASSERT_FALSE(r.ok()) << password;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
    std::string said = r.error().ToString();
    EXPECT_NE(said.find("k8s/base/s.yml:5"), std::string::npos) << said;
    EXPECT_NE(said.find("the value of ${secret:DB_PASSWORD}"), std::string::npos) << said;
    EXPECT_EQ(said.find(password), std::string::npos) << "the value is never shown: " << said;
  }
  // What SQUAD reads as the text it is: '=' and quotes inside, letters.
  for (std::string password : {"canary=s3cr3t", "ca\"nary", "null-ish", "s3cr3t!{}", " canary"}) {
    env_.vars = {{"STAGING_DB_PASSWORD", password}, {"STAGING_KEY", "k"}};
    Result<manifest::Rendered> r = RenderDir();
    EXPECT_TRUE(r.ok()) << password << ": " << r.error().ToString();
  }
  // A value from environments.yml, too.
  dir_.Write("k8s/base/s.yml", "apiVersion: v1\nkind: Secret\nmetadata: {name: env}\nstringData:\n"
                               "  DATABASE: \"NAME=${replicas}:HOST=${host}\"\n");
  Result<manifest::Rendered> r = RenderDir();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("the value of ${replicas} reads as JSON"), std::string::npos)
      << r.error().ToString();
}

TEST_F(RendererTest, StoredObjectsAreTheSameObjectsReadBackOverlaysAndSecretsIncluded) {
  std::string many;  // over 64 KiB: read in several pieces, documents split across them
  for (int i = 0; i < 400; ++i) {
    many += "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + std::to_string(i) + "}\ndata: {v: \"" +
            std::string(200, 'x') + "\"}\n";
  }
  dir_.Write("k8s/base/many.yml", many);
  dir_.Write("k8s/base/s.yml", "apiVersion: v1\nkind: Secret\nmetadata: {name: env}\nstringData:\n"
                               "  KEY: \"${secret:KEY}\"\n");
  dir_.Write("k8s/overlays/staging/o.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c7}\ndata: {w: \"1\"}\n"
                                           "---\napiVersion: v1\nkind: Secret\nmetadata: {name: env}\nstringData:\n"
                                           "  DB: \"${secret:DB_PASSWORD}\"\n");
  env_.vars = {{"STAGING_DB_PASSWORD", "x"}, {"STAGING_KEY", "y"}};
  Result<manifest::Rendered> in_memory = RenderDir();
  ASSERT_TRUE(in_memory.ok()) << in_memory.error().ToString();
  manifest::StoredObjects store;
  Result<manifest::Rendered> stored =
      manifest::Render(config_, config_.environments.at("staging"), fs_, env_, true, &store);
  ASSERT_TRUE(stored.ok()) << stored.error().ToString();
  EXPECT_TRUE(stored->objects.empty());
  ASSERT_EQ(store.objects.size(), in_memory->objects.size());
  ASSERT_EQ(store.objects.size(), 401u);
  for (size_t i = 0; i < store.objects.size(); ++i) {
    Result<nlohmann::json> tree = store.Tree(i);
    ASSERT_TRUE(tree.ok()) << tree.error().ToString();
    EXPECT_EQ(*tree, in_memory->objects[i].object) << i;
    EXPECT_EQ(store.Source(i), in_memory->objects[i].file + ":" + std::to_string(in_memory->objects[i].line));
  }
  EXPECT_EQ(store.Tree(7)->at("data")["w"], "1");  // the overlay, merged
  EXPECT_EQ(store.Source(7), "k8s/base/many.yml:37");  // where c7 begins, not its overlay
  ASSERT_EQ(stored->secrets.size(), 2u);  // the overlay's secret joins the Secret's
  EXPECT_EQ(stored->secrets[1].variable, "STAGING_DB_PASSWORD");
  EXPECT_EQ(stored->secrets[1].object, "env");

  dir_.Write("k8s/overlays/staging/twice.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c9}\n---\n"
                                               "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c9}\n");
  manifest::StoredObjects again;
  Result<manifest::Rendered> twice = manifest::Render(config_, config_.environments.at("staging"), fs_, env_, true, &again);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().ToString().find("k8s/overlays/staging/twice.yml:5"), std::string::npos)
      << twice.error().ToString();
  EXPECT_NE(twice.error().ToString().find("is defined twice"), std::string::npos);
}

TEST_F(RendererTest, TheShippedManifestsRenderForEveryEnvironment) {
  sys::RealFileSystem fs;
  Result<config::Config> c = config::Load(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml", fs);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  for (const auto& [name, env] : c->environments) {
    for (const auto& [key, variable] : env.secret_envs) env_.vars[variable] = "canary-" + key;
    Result<manifest::Rendered> r = manifest::Render(*c, env, fs, env_, true);
    ASSERT_TRUE(r.ok()) << name << ": " << r.error().ToString();
    bool has_web = false;
    for (const auto& o : r->objects) {
      has_web = has_web || (o.object["kind"] == "Deployment" && o.object["metadata"]["name"] == "web");
      EXPECT_EQ(o.object["metadata"]["labels"]["qareports.linaro.org/environment"], name) << o.Describe();
      EXPECT_TRUE(o.object["metadata"]["labels"].contains("app.kubernetes.io/name")) << o.Describe();
      EXPECT_EQ(util::ToYaml(manifest::Masked(o, r->secrets)).find("canary-"), std::string::npos) << o.Describe();
    }
    EXPECT_TRUE(has_web) << name;
  }
}

}  // namespace
}  // namespace qareports::testing
