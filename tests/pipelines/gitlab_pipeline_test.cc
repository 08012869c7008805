// The real .gitlab-ci.yml run by gitlab-ci-local (shell executor) in a real
// git repository holding this project's pipelines, against the Kubernetes
// API emulator and Debian's OCI registry, through a repository's life: a
// merge that bumps the pin, a documentation-only merge, a release tag, a
// nightly schedule and a crash-looping version. Asserts which jobs ran,
// how each ended and what it printed. Skipped, saying why, where
// gitlab-ci-local (npm, installed by ci/setup) or rsync is missing.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <yaml-cpp/yaml.h>

#include "deploy/deploy_fixture.h"
#include "fixtures/build_paths.h"
#include "fixtures/junit_check.h"

namespace qareports::testing {
namespace {

namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string GitLabCiLocal() { return std::string(QAREPORTS_SOURCE_DIR) + "/build/tools/node_modules/.bin/gitlab-ci-local"; }

struct Pipeline {
  int exit_code = -1;
  std::string log;                           // everything gitlab-ci-local printed
  std::map<std::string, std::string> jobs;   // job -> PASS, FAIL or WARN, as its summary says
  std::string Job(const std::string& name) const {  // the lines job `name` printed
    std::string out;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(name + " ", 0) == 0) out += line.substr(name.size()) + "\n";
    }
    return out;
  }
};

class GitLabPipelineTest : public DeployTest {
 protected:
  void SetUp() override {
    if (!fs::exists(GitLabCiLocal())) {
      GTEST_SKIP() << "gitlab-ci-local is not installed in build/tools (ci/setup installs it with npm; "
                      "was the npm registry unreachable?)";
    }
    if (!HasProgram("rsync")) GTEST_SKIP() << "rsync is missing (gitlab-ci-local needs it; ci/setup installs it)";
    DeployTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Production: its version check asks the emulator's SQUAD; a short soak.
    std::string squad = cluster_->squad() + "/qareports-production";
    Replace("kind: squad-version\n        url: https://qa-reports.linaro.org", "kind: squad-version\n        url: " + squad);
    Replace("soak: 24h", "soak: 1s");
    // Production's namespace is made by `up` (with the cluster's services), before its first deploy.
    Create("/api/v1/namespaces", {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "qareports-production"}}}});
    for (const char* part : {".gitignore", ".gitlab-ci.yml", "pipelines/gitlab", "ci/pipeline"}) {
      fs::create_directories((fs::path(repo_.path()) / part).parent_path());
      fs::copy(fs::path(QAREPORTS_SOURCE_DIR) / part, fs::path(repo_.path()) / part, fs::copy_options::recursive);
    }
    repo_.Write("docs/README.md", "qa-reports\n");
    // What this test itself leaves in the checkout (the project's .gitignore has the pipeline's own).
    std::ofstream(repo_ / ".gitignore", std::ios::app) << "/tmp/\n/.gitlab-ci-local-home/\n";
    // The project's CI variables: the secrets, the agent to hand over, where the cluster is.
    std::string variables;
    for (const auto& [name, value] : kSecrets) variables += name + ": \"" + value + "\"\n";
    variables += "QAREPORTS_OPTIONS: \"--kubeconfig " + cluster_->kubeconfig() + " --context emulator\"\n";
    variables += "QAREPORTS_PLAN_OPTIONS: \"--only kubernetes\"\n";  // Terraform's S3 state is not reachable here
    variables_ = variables;
    Git({"init", "-q", "-b", "main"});
    Git({"config", "user.name", "t"});
    Git({"config", "user.email", "t@example.org"});
    Commit("squad 1.89");
  }

  std::string Git(const std::vector<std::string>& args) { return testing::Git(repo_.path(), args); }

  void Commit(const std::string& message) {
    Git({"add", "-A"});
    Git({"commit", "-q", "-m", message});
  }

  void Pin(const std::string& version) {
    size_t at = config_.find("version: \"");
    config_.replace(at, config_.find('"', at + 10) + 1 - at, "version: \"" + version + "\"");
    repo_.Write("pipelines/environments.yml", config_);
    Commit("squad " + version);
  }

  // gitlab-ci-local runs the pipeline of the checked-out commit.
  Pipeline Run(const std::vector<std::string>& ci_variables, const std::string& extra_variables = "") {
    repo_.Write(".gitlab-ci-local-variables.yml", variables_ + extra_variables);
    std::vector<std::string> argv = {GitLabCiLocal(), "--force-shell-executor", "--no-color", "--max-job-name-padding", "0",
                                     "--home", repo_ / ".gitlab-ci-local-home", "--ignore-predefined-vars",
                                     "GITLAB_CI,CI_COMMIT_TAG,CI_COMMIT_BRANCH,CI_COMMIT_REF_NAME,CI_PIPELINE_SOURCE"};
    // gitlab-ci-local says GITLAB_CI=false, on purpose; the job is shown as GitLab shows it.
    argv.insert(argv.end(), {"--variable", "GITLAB_CI=true"});
    for (const std::string& v : ci_variables) argv.insert(argv.end(), {"--variable", v});
    std::map<std::string, std::string> env = Env();
    env["HOME"] = repo_.path();
    // The agent to hand over, from the runner's environment (as a runner
    // image's would be): gitlab-ci-local copies a variable naming a file into
    // a temporary file of its own, and leaves it there.
    env["QAREPORTS_PREBUILT"] = Agent();
    env["TMPDIR"] = repo_ / "tmp";
    fs::create_directories(repo_ / "tmp");
    ProcessResult r = RunProcess(argv, repo_.path(), env);
    Pipeline p;
    p.exit_code = r.exit_code;
    p.log = r.out + r.err;
    static const std::regex verdict(R"(^ (PASS|FAIL|WARN) +(\S+))");
    std::istringstream lines(p.log);
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_search(line, m, verdict)) p.jobs[m[2]] = m[1];
    }
    return p;
  }

  // The agent the pipeline builds once: a release build when ci/test names one
  // (QAREPORTS_PIPELINE_AGENT; the pipeline is under test here, the agent is
  // under the sanitizers everywhere else), else the test build's.
  static std::string Agent() {
    const char* release = std::getenv("QAREPORTS_PIPELINE_AGENT");
    return release && fs::exists(release) ? release : QAREPORTS_BINARY;
  }

  std::string Image(const std::string& ns, const std::string& deployment) const {
    nlohmann::json d = Get("/apis/apps/v1/namespaces/" + ns + "/deployments/" + deployment);
    return d.is_object() ? d["spec"]["template"]["spec"]["containers"][0].value("image", "") : "";
  }

  std::string variables_;
};

using Jobs = std::map<std::string, std::string>;

TEST_F(GitLabPipelineTest, AMergeRequestOffersADevEnvironmentThatGitLabStops) {
  std::map<std::string, std::string> env = {{"HOME", repo_.path()}};
  ProcessResult listed = RunProcess({GitLabCiLocal(), "--list-json", "--ignore-predefined-vars", "CI_PIPELINE_SOURCE",
                                     "--variable", "CI_PIPELINE_SOURCE=merge_request_event"},
                                    repo_.path(), env);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  nlohmann::json jobs = nlohmann::json::parse(listed.out.substr(std::min(listed.out.size(), listed.out.find("[\n"))), nullptr, false);
  ASSERT_TRUE(jobs.is_array()) << listed.out;
  std::map<std::string, std::string> when;
  for (const nlohmann::json& j : jobs) {
    if (j.value("when", "") != "never") when[j.value("name", "")] = j.value("when", "");
  }
  EXPECT_EQ(when, (std::map<std::string, std::string>{{"build", "on_success"}, {"dev:up", "manual"}, {"dev:stop", "manual"}}))
      << "a merge request deploys nothing shared";
  // The expanded configuration, as GitLab reads it: dev:stop stops what dev:up starts.
  ProcessResult preview = RunProcess({GitLabCiLocal(), "--preview"}, repo_.path(), env);
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  YAML::Node pipeline = YAML::Load(preview.out.substr(preview.out.find("---") == std::string::npos ? 0 : preview.out.find("---")));
  EXPECT_EQ(pipeline["dev:up"]["environment"]["name"].as<std::string>(), "dev/$CI_COMMIT_REF_SLUG");
  EXPECT_EQ(pipeline["dev:up"]["environment"]["on_stop"].as<std::string>(), "dev:stop");
  EXPECT_EQ(pipeline["dev:stop"]["environment"]["name"].as<std::string>(), "dev/$CI_COMMIT_REF_SLUG");
  EXPECT_EQ(pipeline["dev:stop"]["environment"]["action"].as<std::string>(), "stop");
  for (const char* deploy : {"deploy:staging", "deploy:production"}) {
    EXPECT_EQ(pipeline[deploy]["interruptible"].as<bool>(), false) << deploy;
    EXPECT_EQ(pipeline[deploy]["resource_group"].as<std::string>(), std::string(deploy).substr(7)) << deploy;
    EXPECT_EQ(pipeline[deploy]["environment"]["deployment_tier"].as<std::string>(), std::string(deploy).substr(7));
  }
  EXPECT_EQ(pipeline["detect:staging"]["variables"]["GIT_DEPTH"].as<int>(), 0);
}

TEST_F(GitLabPipelineTest, MergesTagsAndTheScheduleRunTheRealPipeline) {
  const std::string squad = registry_->host() + "/squadproject/squad:";
  // 1. A merge to main that moves the pin: staging deployed and verified.
  Pin("1.90");
  const std::string bumped = Git({"rev-parse", "HEAD"});
  Pipeline merge = Run({});
  ASSERT_EQ(merge.exit_code, 0) << merge.log;
  // To look at a real run by hand.
  if (const char* keep = std::getenv("QAREPORTS_KEEP_CI_OUTPUT")) repo_.Write(std::string(keep) + "/merge.log", merge.log);
  EXPECT_EQ(merge.jobs, (Jobs{{"build", "PASS"}, {"detect:staging", "PASS"}, {"plan:staging", "PASS"},
                              {"deploy:staging", "PASS"}, {"verify:staging", "PASS"}}))
      << merge.log;
  EXPECT_TRUE(Contains(merge.Job("detect:staging"), "QAREPORTS_DEPLOY=true")) << merge.log;
  EXPECT_TRUE(Contains(merge.Job("detect:staging"), "SQUAD_BUMP=minor")) << merge.log;
  EXPECT_TRUE(Contains(merge.Job("deploy:staging"), "release 1 (SQUAD 1.90) deployed")) << merge.log;
  // gitlab-ci-local reads GitLab's log sections as GitLab does, and times them.
  EXPECT_TRUE(Contains(merge.Job("deploy:staging"), "qareports_rollout took")) << merge.log;
  EXPECT_TRUE(Contains(merge.Job("verify:staging"), "check workloads passed")) << merge.log;
  EXPECT_EQ(Image("qareports-staging", "web"), squad + "1.90");
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}}));
  ReadJUnitLikeConsumers(repo_ / "reports/deploy-staging.xml");
  EXPECT_TRUE(fs::exists(repo_ / "reports/deploy-staging.md"));
  EXPECT_TRUE(fs::exists(repo_ / "reports/plan-staging.txt"));

  // 2. A merge that touches only documentation: the deploy is skipped through the dotenv.
  repo_.Write("docs/README.md", "qa-reports, documented\n");
  Commit("docs");
  Pipeline docs = Run({});
  ASSERT_EQ(docs.exit_code, 0) << docs.log;
  EXPECT_TRUE(Contains(docs.Job("detect:staging"), "QAREPORTS_DEPLOY=false")) << docs.log;
  EXPECT_TRUE(Contains(docs.Job("deploy:staging"), "nothing to deploy to staging")) << docs.log;
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}})) << "no release was made";

  // 3. A release tag on what staging runs: the gate is evaluated, production deployed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // staging's soak (1 s here)
  Git({"tag", "squad-1.90", bumped});
  Git({"checkout", "-q", "squad-1.90"});
  Pipeline release = Run({"CI_COMMIT_TAG=squad-1.90", "CI_COMMIT_BRANCH=", "CI_COMMIT_REF_NAME=squad-1.90"});
  Git({"checkout", "-q", "main"});
  ASSERT_EQ(release.exit_code, 0) << release.log;
  EXPECT_EQ(release.jobs, (Jobs{{"build", "PASS"}, {"detect:production", "PASS"}, {"plan:production", "PASS"},
                                {"deploy:production", "PASS"}, {"verify:production", "PASS"}}))
      << release.log;
  EXPECT_TRUE(Contains(release.Job("deploy:production"), "gate open")) << release.log;
  EXPECT_TRUE(Contains(release.Job("deploy:production"), "(SQUAD 1.90) deployed")) << release.log;
  EXPECT_EQ(Image("qareports-production", "web"), squad + "1.90");
  // Its summary (an artifact) gives the gate's verdicts and the command that rolls production back.
  std::string summary = repo_.Read("reports/deploy-production.md");
  EXPECT_TRUE(Contains(summary, "### Gate\n")) << summary;
  EXPECT_TRUE(std::regex_search(summary, std::regex(R"(\| soak[^|]*\| ✅ passed \|)"))) << summary;
  EXPECT_TRUE(Contains(summary, "It is the first: there is no earlier release to roll back to.")) << summary;

  // 4. The nightly schedule, after a change made by hand: drift found, the job fails, the JUnit names the object.
  const std::string settings = "/api/v1/namespaces/qareports-staging/configmaps/qareports-local-settings";
  nlohmann::json data = Get(settings)["data"];
  ASSERT_TRUE(data.is_object() && !data.empty());
  kube::ApiCall patch;
  patch.method = "PATCH";
  patch.path = settings;
  patch.content_type = "application/merge-patch+json";
  patch.body = nlohmann::json{{"data", {{data.begin().key(), "changed by hand"}}}}.dump();
  ASSERT_TRUE(c_.client->Call(patch)->ok());
  Pipeline nightly = Run({"CI_PIPELINE_SOURCE=schedule"}, "QAREPORTS_DRIFT_ENVIRONMENTS: \"staging production\"\n");
  EXPECT_NE(nightly.exit_code, 0) << nightly.log;
  EXPECT_EQ(nightly.jobs, (Jobs{{"build", "PASS"}, {"drift", "FAIL"}})) << nightly.log;
  EXPECT_TRUE(Contains(nightly.Job("drift"), "staging: drifted from git")) << nightly.log;
  EXPECT_TRUE(Contains(nightly.Job("drift"), "production: no drift")) << nightly.log;
  nlohmann::json junit = ReadJUnitLikeConsumers(repo_ / "reports/drift-staging.xml");
  ASSERT_FALSE(junit.is_null());
  std::vector<std::string> drifted;
  for (const nlohmann::json& s : junit["suites"]) {
    for (const nlohmann::json& c : s["cases"]) {
      if (c["kind"] == "failure") drifted.push_back(c["name"]);
    }
  }
  EXPECT_EQ(drifted, (std::vector<std::string>{"ConfigMap qareports-staging/qareports-local-settings"}));
  // 5. A crash-looping version: the pipeline fails, the log shows the rollback, verify does not run.
  Pin("1.91");
  Pipeline crash = Run({});
  EXPECT_NE(crash.exit_code, 0) << crash.log;
  EXPECT_EQ(crash.jobs["deploy:staging"], "FAIL") << crash.log;
  EXPECT_EQ(crash.jobs.count("verify:staging"), 0u) << crash.log;
  EXPECT_TRUE(Contains(crash.Job("deploy:staging"), "CrashLoopBackOff")) << crash.log;
  EXPECT_TRUE(Contains(crash.Job("deploy:staging"), "rolled back to release 1 (SQUAD 1.90), verified")) << crash.log;
  EXPECT_EQ(Image("qareports-staging", "web"), squad + "1.90");
  EXPECT_EQ(Releases(), (std::map<int, std::string>{{1, "deployed"}, {2, "failed"}}));

  ExpectNoSecrets(merge.log + crash.log + release.log + nightly.log);
}

}  // namespace
}  // namespace qareports::testing
