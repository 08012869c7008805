// The SQUAD stand-in answers as SQUAD 1.89 does (shared/SQUAD.md, measured
// against SQUAD 1.89; Linaro/squad squad/urls.py, squad/http.py,
// squad/api/views.py; revsys/django-health-check 3.16.4): its health page
// and its submit endpoint, case by case. And the keys that the
// environments' health checks ask for are the keys that the apps their
// manifests install give.
#include <gtest/gtest.h>
#include <httplib.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "fixtures/build_paths.h"
#include "squad/squad_health.h"
#include "squad/squad_outages.h"
#include "test_support.h"

namespace qareports::emulator::testing {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kApps = {"health_check", "health_check.db", "health_check.contrib.migrations",
                                        "health_check.contrib.celery_ping", "health_check.contrib.rabbitmq"};

HealthRequest Staff(const std::string& format = "json", const std::string& accept = "") {
  return {true, true, format, accept};
}

TEST(SquadHealthTest, TheAppsNamedInTheSettingsGiveTheKeysDjangoHealthCheckNamesThem) {
  std::string settings = "INSTALLED_APPS.extend([\n    'health_check',\n    \"health_check.db\",\n"
                         "    'health_check.contrib.celery',  # a comment\n])\n"
                         "x = 'not_health_check.db'\nimport health_check\n";
  EXPECT_EQ(HealthCheckApps({settings, "INSTALLED_APPS.append('health_check.contrib.s3boto3_storage')"}),
            (std::vector<std::string>{"health_check", "health_check.db", "health_check.contrib.celery",
                                      "health_check.contrib.s3boto3_storage"}));
  EXPECT_EQ(HealthCheckKey("health_check.db"), "DatabaseBackend");
  EXPECT_EQ(HealthCheckKey("health_check.contrib.migrations"), "MigrationsHealthCheck");
  EXPECT_EQ(HealthCheckKey("health_check.contrib.celery"), "CeleryHealthCheckCelery");
  EXPECT_EQ(HealthCheckKey("health_check.contrib.celery_ping"), "CeleryPingHealthCheck");
  EXPECT_EQ(HealthCheckKey("health_check.contrib.rabbitmq"), "RabbitMQHealthCheck");
  EXPECT_EQ(HealthCheckKey("health_check.contrib.s3boto3_storage"), "S3Boto3StorageHealthCheck");
  EXPECT_EQ(HealthCheckKey("health_check"), "");
}

TEST(SquadHealthTest, OnlyAStaffUsersTokenSeesThePage) {
  HealthPage none = AnswerHealth(kApps, {}, {false, false, "json", ""});
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(none.body, "");
  EXPECT_EQ(AnswerHealth(kApps, {}, {true, false, "json", ""}).status, 403) << "a user who is not staff";
  HealthPage ok = AnswerHealth(kApps, {}, Staff());
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.content_type, "application/json");
  EXPECT_EQ(ok.body, R"({"DatabaseBackend": "working", "MigrationsHealthCheck": "working", )"
                     R"("CeleryPingHealthCheck": "working", "RabbitMQHealthCheck": "working"})");
}

TEST(SquadHealthTest, JsonOnlyWhenAskedHtmlByDefaultAndNotAcceptableOtherwise) {
  EXPECT_EQ(AnswerHealth(kApps, {}, Staff("")).content_type, "text/html; charset=utf-8");
  EXPECT_EQ(AnswerHealth(kApps, {}, Staff("", "*/*")).content_type, "text/html; charset=utf-8");
  EXPECT_EQ(AnswerHealth(kApps, {}, Staff("", "application/json")).content_type, "application/json");
  EXPECT_EQ(AnswerHealth(kApps, {}, Staff("", "text/html;q=0.5, application/json")).content_type, "application/json");
  HealthPage png = AnswerHealth(kApps, {}, Staff("", "image/png"));
  EXPECT_EQ(png.status, 406);
  EXPECT_EQ(png.body, "Not Acceptable: Supported content types: text/html, application/json");
}

TEST(SquadHealthTest, ABackendDownIs500WithEachChecksVerdict) {
  // As SQUAD 1.89 answered with db + celery_ping + rabbitmq and no broker.
  HealthPage broker = AnswerHealth({"health_check.db", "health_check.contrib.celery_ping", "health_check.contrib.rabbitmq"},
                                   {"broker"}, Staff());
  EXPECT_EQ(broker.status, 500);
  EXPECT_EQ(json::parse(broker.body),
            json({{"CeleryPingHealthCheck", "unavailable: Unknown error"},
                  {"DatabaseBackend", "working"},
                  {"RabbitMQHealthCheck", "unavailable: Unable to connect to RabbitMQ: Connection was refused."}}));
  HealthPage workers = AnswerHealth(kApps, {"workers"}, Staff());
  EXPECT_EQ(workers.status, 500);
  EXPECT_EQ(json::parse(workers.body)["CeleryPingHealthCheck"], "unavailable: Celery workers unavailable");
  EXPECT_EQ(json::parse(workers.body)["RabbitMQHealthCheck"], "working");
  // The token is looked up in the database: Django's own error page.
  HealthPage database = AnswerHealth(kApps, {"database"}, Staff());
  EXPECT_EQ(database.status, 500);
  EXPECT_NE(database.body.find("<h1>Server Error (500)</h1>"), std::string::npos);
  EXPECT_EQ(AnswerHealth(kApps, {"database"}, {false, false, "json", ""}).status, 403);
}

TEST(SquadHealthTest, OutagesAreSetAsASpecAndRefusedWhenMalformed) {
  SquadOutages outages;
  std::string error;
  ASSERT_TRUE(outages.Set("qareports-staging=broker,workers;qareports-dev=database\n", &error)) << error;
  EXPECT_EQ(outages.Down("qareports-staging"), (std::set<std::string>{"broker", "workers"}));
  EXPECT_EQ(outages.spec(), "qareports-dev=database;qareports-staging=broker,workers");
  EXPECT_FALSE(outages.Set("qareports-staging=disk", &error));
  EXPECT_NE(error.find("unknown backend \"disk\""), std::string::npos) << error;
  EXPECT_EQ(outages.Down("qareports-staging").size(), 2u) << "nothing changed";
  ASSERT_TRUE(outages.Set("", &error));
  EXPECT_TRUE(outages.Down("qareports-staging").empty());
}

// The data of every ConfigMap in a manifest file.
std::vector<json> ConfigMapsOf(const std::string& path) {
  std::vector<json> maps;
  for (const YAML::Node& doc : YAML::LoadAllFromFile(path)) {
    if (!doc["kind"] || doc["kind"].as<std::string>() != "ConfigMap") continue;
    json data = json::object();
    for (const auto& entry : doc["data"]) data[entry.first.as<std::string>()] = entry.second.as<std::string>();
    maps.push_back({{"metadata", {{"name", doc["metadata"]["name"].as<std::string>()}}}, {"data", data}});
  }
  return maps;
}

void Apply(httplib::SSLClient& c, const std::string& path, const json& body) {
  auto r = c.Post(path.c_str(), body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_LT(r->status, 300) << r->body;
}

// The stand-in reads the settings that the deploy applied: the repository's
// own ConfigMaps, here.
TEST(SquadHealthTest, ThePageListsTheAppsOfTheAppliedSettingsAndABrokerOutageFailsIt) {
  Emulator emu({"", 10.0, "", ""});
  QAREPORTS_START(emu);
  auto c = emu.Client();
  httplib::Client squad(emu.squad_url());
  for (const json& cm : ConfigMapsOf(std::string(QAREPORTS_SOURCE_DIR) + "/k8s/base/10-settings.yml"))
    Apply(*c, "/api/v1/namespaces/default/configmaps", cm);
  Apply(*c, "/api/v1/namespaces/default/secrets",
        {{"metadata", {{"name", "squad-health-token"}}}, {"stringData", {{"token", "staff-t0k"}}}});
  Apply(*c, "/apis/apps/v1/namespaces/default/deployments",
        {{"metadata", {{"name", "web"}}},
         {"spec", {{"selector", {{"matchLabels", {{"app", "web"}}}}},
                   {"template", {{"metadata", {{"labels", {{"app", "web"}}}}},
                                 {"spec", {{"containers", {{{"name", "squad"}, {"image", "squadproject/squad:1.89"}}}}}}}}}}});
  ASSERT_TRUE(Eventually([&] {
    auto r = squad.Get("/default/api/version/");
    return r && r->status == 200;
  }));
  auto forbidden = squad.Get("/default/ht/?format=json");
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_EQ(forbidden->body, "");
  EXPECT_EQ(squad.Get("/default/ht/?format=json", {{"Auth-Token", "someone-else"}})->status, 403);
  auto ok = squad.Get("/default/ht/?format=json", {{"Authorization", "Token staff-t0k"}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body),
            json({{"DatabaseBackend", "working"}, {"MigrationsHealthCheck", "working"},
                  {"CeleryPingHealthCheck", "working"}, {"RabbitMQHealthCheck", "working"},
                  {"S3Boto3StorageHealthCheck", "working"}}));
  EXPECT_EQ(squad.Get("/default/ht/", {{"Auth-Token", "staff-t0k"}})->get_header_value("Content-Type"),
            "text/html; charset=utf-8");

  ASSERT_EQ(c->Put("/emulator/squad-outages", "default=broker", "text/plain")->status, 200);
  auto down = squad.Get("/default/ht/?format=json", {{"Auth-Token", "staff-t0k"}});
  EXPECT_EQ(down->status, 500);
  EXPECT_EQ(json::parse(down->body)["RabbitMQHealthCheck"],
            "unavailable: Unable to connect to RabbitMQ: Connection was refused.");
  EXPECT_EQ(json::parse(down->body)["DatabaseBackend"], "working");
  EXPECT_EQ(emu.Client(emu.readonly_token())->Delete("/emulator/squad-outages")->status, 401);
  ASSERT_EQ(c->Delete("/emulator/squad-outages")->status, 200);
  EXPECT_EQ(squad.Get("/default/ht/?format=json", {{"Auth-Token", "staff-t0k"}})->status, 200);
}

// SQUAD's submit endpoint, case by case, as SQUAD 1.89 answered each.
class SquadSubmitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QAREPORTS_START(emu_);
    squad_ = std::make_unique<httplib::Client>(emu_.squad_url());
  }
  httplib::Result Submit(const httplib::MultipartFormDataItems& items) {
    return squad_->Post(kPath, {{"Auth-Token", kToken}}, items);
  }
  json Runs() { return json::parse(squad_->Get("/ns/api/testruns/")->body)["results"]; }
  static constexpr const char* kToken = "0123456789012345678901234567890123456789";
  static constexpr const char* kPath = "/ns/api/submit/qa-reports/deploys/1.90/staging";
  Emulator emu_{{"squad:\n  projects: [qa-reports/deploys]\n  token: 0123456789012345678901234567890123456789\n",
                 1.0, "", ""}};
  std::unique_ptr<httplib::Client> squad_;
};

TEST_F(SquadSubmitTest, AnswersEachCaseAsSquadDoes) {
  auto get = squad_->Get(kPath);
  EXPECT_EQ(get->status, 405);
  EXPECT_EQ(get->get_header_value("Allow"), "POST");
  // Results are lower-cased; anything but pass and fail is skip. Metrics
  // may be numeric strings.
  auto r = Submit({{"tests", R"({"a/one": "PASS", "a/two": "Fail", "a/three": "xfail"})", "", ""},
                   {"metrics", R"({"m/x": "1.5", "m/y": {"value": "2"}})", "", ""},
                   {"metadata", R"({"job_id": 7})", "", ""}});
  ASSERT_EQ(r->status, 201) << r->body;
  json run = Runs().back();
  EXPECT_EQ(run["tests"], json({{"a/one", "pass"}, {"a/two", "fail"}, {"a/three", "skip"}}));
  EXPECT_EQ(run["job_id"], "7");
  r = Submit({{"metrics", R"({"m/x": "abc"})", "", ""}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "metric value 'abc' is not valid. only numbers or lists of numbers are accepted");
  r = Submit({{"tests", "not json", "", ""}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body.rfind("tests is not valid JSON: ", 0), 0u) << r->body;
  // Without a metadata field, its keys are plain fields; "" and 0 are no job_id.
  ASSERT_EQ(Submit({{"job_id", "from-a-field", "", ""}, {"job_url", "https://ci/9", "", ""}})->status, 201);
  EXPECT_EQ(Runs().back()["job_id"], "from-a-field");
  EXPECT_EQ(Runs().back()["job_url"], "https://ci/9");
  ASSERT_EQ(Submit({{"metadata", R"({"job_id": 0})", "", ""}})->status, 201);
  ASSERT_EQ(Submit({{"metadata", R"({"job_id": 0})", "", ""}})->status, 201) << "0 is no job_id: a random one";
  // A log sent as a plain field is decoded with replacement.
  ASSERT_EQ(Submit({{"log", "caf\xE9\n", "", ""}, {"metadata", R"({"job_id": "latin1"})", "", ""}})->status, 201);
  EXPECT_EQ(Runs().back()["log"], "caf\xEF\xBF\xBD\n");
}

TEST_F(SquadSubmitTest, A500WhileReadingTheDataLeavesTheTestRunBehindAndTheRetryIsToldSo) {
  size_t before = Runs().size();
  auto r = Submit({{"tests", R"({"a/b": true})", "", ""}, {"metadata", R"({"job_id": "j1"})", "", ""}});
  EXPECT_EQ(r->status, 500) << "a boolean has no .lower()";
  EXPECT_NE(r->body.find("Server Error (500)"), std::string::npos);
  ASSERT_EQ(Runs().size(), before + 1) << "the test run was made before the data was read";
  EXPECT_EQ(Runs().back()["tests"], json::object());
  r = Submit({{"tests", R"({"a/b": "pass"})", "", ""}, {"metadata", R"({"job_id": "j1"})", "", ""}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "There is already a test run with job_id j1");
  // A log file is decoded strictly.
  r = Submit({{"log", "caf\xE9\n", "job.log", "text/plain"}, {"metadata", R"({"job_id": "j2"})", "", ""}});
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(Runs().back()["job_id"], "j2");
  ASSERT_EQ(Submit({{"log", "caf\xC3\xA9\n", "job.log", "text/plain"}, {"metadata", R"({"job_id": "j3"})", "", ""}})
                ->status,
            201);
}

// What an environment's health checks ask of /ht/ that no app its
// manifests install gives (as `qareports ENV render` renders them).
std::vector<std::string> KeysNobodyGives(const std::string& environment, const YAML::Node& config,
                                         const std::vector<std::string>& extra_keys = {}) {
  ProcessResult r = RunProcess({QAREPORTS_BINARY, environment, "render", "-o", "json", "--config",
                                std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml"},
                               {}, 60);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> settings;
  for (const json& o : json::parse(r.out.empty() ? "[]" : r.out))
    if (o.value("kind", "") == "ConfigMap" && o.contains("data"))
      for (const auto& [key, value] : o["data"].items())
        if (key.size() > 3 && key.substr(key.size() - 3) == ".py") settings.push_back(value);
  std::set<std::string> given;
  for (const std::string& app : HealthCheckApps(settings)) given.insert(HealthCheckKey(app));
  std::vector<std::string> asked = extra_keys, missing;
  for (const auto& check : config["environments"][environment]["checks"]) {
    if (check["url"].as<std::string>("").find("/ht/") == std::string::npos || !check["json"]) continue;
    for (const auto& field : check["json"]) {
      std::string pointer = field.first.as<std::string>();
      if (pointer != "/*") asked.push_back(pointer.substr(1));  // "/*" judges whatever keys there are
    }
  }
  for (const std::string& key : asked)
    if (!given.count(key)) missing.push_back(key);
  return missing;
}

TEST(SquadHealthTest, EveryKeyAnEnvironmentsHealthCheckAsksForIsGivenByAnAppItsManifestsInstall) {
  YAML::Node config = YAML::LoadFile(std::string(QAREPORTS_SOURCE_DIR) + "/pipelines/environments.yml");
  int asking = 0;
  for (const auto& env : config["environments"]) {
    std::string name = env.first.as<std::string>();
    for (const auto& check : env.second["checks"]) asking += check["url"].as<std::string>("").find("/ht/") != std::string::npos;
    EXPECT_EQ(KeysNobodyGives(name, config), std::vector<std::string>{}) << name;
  }
  EXPECT_GE(asking, 1) << "staging's health check, which production's gate runs, asks /ht/";
  // The key the check used to ask for, which only health_check.contrib.celery gives.
  EXPECT_EQ(KeysNobodyGives("staging", config, {"CeleryHealthCheckCelery"}),
            std::vector<std::string>{"CeleryHealthCheckCelery"});
}

}  // namespace
}  // namespace qareports::emulator::testing
