// The shipped manifests give SQUAD 1.89 the settings it needs to work, as
// its own code reads them (Linaro/squad squad/settings.py; shared/SQUAD.md):
// dev stores uploads where web and workers both can, Django's own mails
// leave as the environment's sender, and dev runs the database version the
// environments run.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "config/loader.h"
#include "fakes/fake_sys.h"
#include "fixtures/build_paths.h"
#include "manifest/renderer.h"
#include "sys/file_system.h"

namespace qareports::testing {
namespace {

using nlohmann::json;

class SquadSettingsTest : public ::testing::Test {
 protected:
  // The environment's rendered objects.
  std::vector<json> Rendered(const std::string& environment) {
    Result<config::Config> c = config::Load(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml", fs_);
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    if (!c.ok()) return {};
    const config::Environment& env = c->environments.at(environment);
    for (const auto& [key, variable] : env.secret_envs) env_.vars[variable] = "canary-" + key;
    Result<manifest::Rendered> r = manifest::Render(*c, env, fs_, env_, true);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    std::vector<json> objects;
    if (r.ok())
      for (const auto& o : r->objects) objects.push_back(o.object);
    return objects;
  }
  static const json* Find(const std::vector<json>& objects, const std::string& kind, const std::string& name) {
    for (const json& o : objects)
      if (o["kind"] == kind && o["metadata"]["name"] == name) return &o;
    return nullptr;
  }
  sys::RealFileSystem fs_;
  FakeEnvironment env_;
};

TEST_F(SquadSettingsTest, DevsWebAndWorkersStoreUploadsOnOneVolumeTheyShare) {
  std::vector<json> dev = Rendered("dev");
  const json* settings = Find(dev, "Secret", "qareports-environment");
  ASSERT_NE(settings, nullptr);
  ASSERT_TRUE(settings->at("stringData").contains("SQUAD_STORAGE_DIR")) << "else MEDIA_ROOT is /storage, unwritable";
  std::string dir = settings->at("stringData")["SQUAD_STORAGE_DIR"];
  EXPECT_EQ(dir.front(), '/') << "a relative MEDIA_ROOT resolves against / in the image";
  const json* local = Find(dev, "ConfigMap", "qareports-local-settings");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->at("data")["local_settings.py"].get<std::string>().find("S3Boto3Storage"), std::string::npos)
      << "dev has no bucket";
  ASSERT_NE(Find(dev, "PersistentVolumeClaim", "qareports-storage"), nullptr);
  for (const char* name : {"web", "worker", "fetch-worker"}) {
    const json* d = Find(dev, "Deployment", name);
    ASSERT_NE(d, nullptr) << name;
    const json& pod = d->at("spec")["template"]["spec"];
    std::string volume;
    for (const json& c : pod["containers"])
      if (c["name"] == "squad")
        for (const json& m : c.value("volumeMounts", json::array()))
          if (m["mountPath"] == dir) volume = m["name"];
    ASSERT_FALSE(volume.empty()) << name << " does not mount " << dir;
    bool claimed = false;
    for (const json& v : pod["volumes"])
      claimed |= v["name"] == volume && v.contains("persistentVolumeClaim") &&
                 v["persistentVolumeClaim"]["claimName"] == "qareports-storage";
    EXPECT_TRUE(claimed) << name << "'s " << volume << " is not the shared claim";
  }
}

TEST_F(SquadSettingsTest, TheEnvironmentsStoreUploadsInTheirBucket) {
  for (const char* environment : {"testing", "staging", "production"}) {
    std::vector<json> objects = Rendered(environment);
    const json* local = Find(objects, "ConfigMap", "qareports-local-settings");
    ASSERT_NE(local, nullptr) << environment;
    std::string text = local->at("data")["local_settings.py"];
    EXPECT_NE(text.find("AWS_STORAGE_BUCKET_NAME = '" + std::string(environment) + "-qareports-storage'"),
              std::string::npos) << text;
    EXPECT_NE(text.find("storages.backends.s3boto3.S3Boto3Storage"), std::string::npos) << text;
  }
}

TEST_F(SquadSettingsTest, DjangosOwnMailsLeaveAsTheEnvironmentsSenderAndNoUnreadVariableIsSet) {
  for (const char* environment : {"dev", "staging", "production"}) {
    std::vector<json> objects = Rendered(environment);
    const json* extra = Find(objects, "ConfigMap", "qareports-extra-settings");
    ASSERT_NE(extra, nullptr);
    // SQUAD sets EMAIL_FROM from SQUAD_EMAIL_FROM; Django's default sender
    // would otherwise be webmaster@localhost.
    std::regex from(R"(\nDEFAULT_FROM_EMAIL = EMAIL_FROM\n)");
    EXPECT_TRUE(std::regex_search(extra->at("data")["extra_settings.py"].get<std::string>(), from)) << environment;
    const json* settings = Find(objects, "Secret", "qareports-environment");
    ASSERT_NE(settings, nullptr);
    EXPECT_FALSE(settings->at("stringData").contains("SECRET_KEY")) << "SQUAD reads SECRET_KEY_FILE only";
    EXPECT_EQ(settings->at("stringData")["SECRET_KEY_FILE"], "/app/secret.dat");
  }
}

// A value two files must agree on: dev's PostgreSQL image and the RDS
// engine version of terraform/environment.
TEST_F(SquadSettingsTest, DevRunsThePostgresqlMajorVersionTheEnvironmentsRunPinned) {
  std::ifstream in(std::string(QAREPORTS_SOURCE_DIR) + "/terraform/environment/database.tf");
  std::string tf(std::istreambuf_iterator<char>(in), {});
  std::smatch engine;
  ASSERT_TRUE(std::regex_search(tf, engine, std::regex(R"(engine_version\s*=\s*"(\d+))")));
  std::vector<json> dev = Rendered("dev");
  const json* postgres = Find(dev, "Deployment", "postgres");
  const json* rabbitmq = Find(dev, "Deployment", "rabbitmq");
  ASSERT_NE(postgres, nullptr);
  ASSERT_NE(rabbitmq, nullptr);
  std::string image = postgres->at("spec")["template"]["spec"]["containers"][0]["image"];
  std::smatch tag;
  ASSERT_TRUE(std::regex_match(image, tag, std::regex(R"(postgres:(\d+)\.\d+)"))) << image << ": a pinned minor";
  EXPECT_EQ(tag[1].str(), engine[1].str()) << image;
  std::string broker = rabbitmq->at("spec")["template"]["spec"]["containers"][0]["image"];
  EXPECT_TRUE(std::regex_match(broker, std::regex(R"(rabbitmq:\d+\.\d+\.\d+)"))) << broker << ": a pinned version";
}

}  // namespace
}  // namespace qareports::testing
