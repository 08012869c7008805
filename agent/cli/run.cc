#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>

#include "build_info.h"
#include "cli/ci_output.h"
#include "cli/command_table.h"
#include "cli/completion.h"
#include "cli/man_page.h"
#include "cli/exit_code.h"
#include "cli/logging.h"
#include "cli/squad_report.h"
#include "config/loader.h"
#include "deploy/kube_cluster.h"
#include "dev/local_cluster.h"
#include "report/junit.h"
#include "sys/shared_library.h"
#include "sys/stop.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::cli {
namespace {

void AddGlobalOptions(CLI::App& app, commands::GlobalOptions& g, std::string& timeout) {
  app.add_option("--config", g.config, "The environments file (default: pipelines/environments.yml)");
  app.add_option("--kubeconfig", g.kubeconfig, "The kubeconfig to use instead of the environment's");
  app.add_option("--context", g.context, "The kube context to use instead of the environment's");
  app.add_option("--junit", g.junit, "Write a JUnit XML report to this file, also when the job fails");
  app.add_option("--summary", g.summary, "Write a Markdown summary of the job to this file (GitHub: also to the step summary)");
  app.add_option("-o,--output", g.output, "text (the log only) or json (the result on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--timeout", timeout, "Give up after this long (90s, 10m, 1h)")
      ->check([](const std::string& v) {
        std::optional<long> t = util::ParseDuration(v);
        if (!t) return "not a duration such as 90s, 10m or 1h";
        return *t > 0 ? "" : "must be longer than 0s";
      });
  app.add_flag("-v,--verbose", g.verbosity, "More detail in the log (twice for everything)");
}

std::string CommandNames() {
  std::vector<std::string> names;
  for (const CommandSpec& c : Commands()) names.push_back(c.name);
  return util::Join(names, ", ");
}

int Usage(std::ostream& err, const std::string& message) {
  err << "qareports: " << message << "\nRun 'qareports --help' for usage.\n";
  return kExitUsage;
}

void AddErrorCase(report::Report& report, const std::string& suite, const Error& error) {
  for (const report::TestSuite& s : report.suites()) {
    for (const report::TestCase& c : s.cases) {
      if (c.status == report::TestCase::Status::kFailed || c.status == report::TestCase::Status::kError) return;
    }
  }
  report::TestCase c;
  c.name = suite;
  c.classname = suite;
  c.status = report::TestCase::Status::kError;
  c.message = error.ToString();
  c.type = "ExitCode" + std::to_string(ExitCodeFor(error));
  report.Suite(suite).cases.push_back(c);
}

// The end of every job: the open log section closed, the error said (and
// annotated), the JUnit report and the summary written.
class Ending {
 public:
  Ending(CiOutput& ci, const commands::GlobalOptions& g, report::Report& report, sys::Sys& sys, std::string environment)
      : ci_(ci), g_(g), report_(report), sys_(sys), environment_(std::move(environment)) {}

  int Failed(const Error& error, const std::string& said, const std::string& suite = "") {
    ci_.Close();
    spdlog::error("{}", said);
    if (!suite.empty()) AddErrorCase(report_, suite, error);
    ci_.Annotate(report_, &error);
    return Finish(ExitCodeFor(error), error.ToString(), nlohmann::json::object());
  }

  int Done(int code, const nlohmann::json& data) {
    ci_.Close();
    if (IsFailure(code)) ci_.Annotate(report_, nullptr);
    return Finish(code, "", data);
  }

  // The config and command of the job, once known (their report.squad).
  void Know(const config::Config& config, const std::string& command, const std::string& version) {
    config_ = &config;
    command_ = command;
    version_ = version;
  }

 private:
  int Finish(int code, const std::string& message, const nlohmann::json& data) {
    if (config_) {
      ReportToSquad(*config_, {environment_, command_, version_, code, data, ci_.Seconds()}, report_, sys_);
      ci_.Close();
    }
    if (!g_.junit.empty()) {
      if (Status s = report::WriteJUnit(report_, g_.junit, sys_.fs); !s.ok()) {
        spdlog::error("cannot write the JUnit report: {}", s.error().message);
        if (code == kExitOk) code = kExitFailed;
      } else {
        spdlog::debug("JUnit report written to {}", g_.junit);
      }
    }
    report::SummaryFacts facts;
    facts.title = report_.name();
    facts.exit_code = code;
    facts.meaning = ExitCodeMeaning(code);
    facts.message = message;
    if (data.is_object() && data.value("state", "") == "deployed" && data.contains("release")) {
      facts.release = "Release " + std::to_string(data["release"].get<int>()) + " (SQUAD " +
                      data.value("version", "") + ") is deployed in " + environment_ + ".";
      int previous = data.value("previous_release", 0);
      std::string config = g_.config == commands::GlobalOptions{}.config ? "" : " --config " + g_.config;
      if (previous > 0) facts.rollback = "qareports " + environment_ + " rollback " + std::to_string(previous) + config;
      else facts.release += " It is the first: there is no earlier release to roll back to.";
    }
    ci_.Summarize(report_, facts, g_.summary);
    if (IsFailure(code)) ci_.LastLine(report_, message);
    return code;
  }

  static bool IsFailure(int code) { return code != kExitOk && code != kExitChanges; }

  CiOutput& ci_;
  const commands::GlobalOptions& g_;
  report::Report& report_;
  sys::Sys& sys_;
  std::string environment_;
  const config::Config* config_ = nullptr;
  std::string command_;
  std::string version_;
};

}  // namespace

void BuildCommandLine(CommandLine& cl) {
  CLI::App& app = cl.app;
  app.set_version_flag("--version", std::string("qareports ") + kVersion + " (commit " + kGitCommit + ")");
  app.footer(ExitCodeTable());
  app.allow_extras();
  app.add_option("environment", cl.environment, "The environment, as named in the config (dev, staging, ...)");
  AddGlobalOptions(app, cl.global, cl.timeout);
  for (const CommandSpec& spec : Commands()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.summary);
    for (const std::string& alias : spec.aliases) sub->alias(alias);
    AddGlobalOptions(*sub, cl.global, cl.timeout);
    cl.runners.emplace_back(sub, spec.bind(*sub));
  }
}

int Run(const std::vector<std::string>& args, sys::Sys& sys, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "--man") {
    out << ManPage(kVersion);
    return kExitOk;
  }
  if (!args.empty() && args[0] == "--complete") {
    out << Completions(std::vector<std::string>(args.begin() + 1, args.end()), sys);
    return kExitOk;
  }
  CommandLine cl;
  BuildCommandLine(cl);
  CLI::App& app = cl.app;
  std::string& environment = cl.environment;
  commands::GlobalOptions& global = cl.global;
  std::string& timeout = cl.timeout;
  std::vector<std::pair<CLI::App*, Runner>>& runners = cl.runners;
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  SetUpLogging(global.verbosity);
  if (!timeout.empty()) {
    global.timeout = static_cast<double>(*util::ParseDuration(timeout));
    sys::SetDeadline(*global.timeout);  // the whole job's: every wait and request is bounded by it
  }
  const CLI::App* chosen = nullptr;
  Runner runner;
  for (auto& [sub, r] : runners) {
    if (sub->parsed()) chosen = sub, runner = r;
  }
  if (!app.remaining().empty()) {
    return Usage(err, "unknown command or argument \"" + app.remaining().front() + "\"; commands: " + CommandNames());
  }
  if (!chosen) return Usage(err, "a command is required; commands: " + CommandNames());
  if (environment.empty()) return Usage(err, "an environment is required before the command");

  report::Report report("qareports " + environment + " " + chosen->get_name());
  CiOutput ci(sys, out, err);
  ci.Follow(report, environment);
  std::optional<std::string> step_summary = sys.env.Get("GITHUB_STEP_SUMMARY");
  global.reported = !global.junit.empty() || !global.summary.empty() ||
                    (report::DetectCiSystem(sys.env) == report::CiSystem::kGitHub && step_summary && !step_summary->empty());
  Ending ending(ci, global, report, sys, environment);
  std::filesystem::path config_path = std::filesystem::path(sys.cwd) / global.config;
  report::TestCase validate{"configuration", "validate", 0, report::TestCase::Status::kPassed, "", "", "", ""};
  Result<config::Config> config = config::Load(config_path.lexically_normal().string(), sys.fs);
  if (!config.ok()) {
    validate.status = report::TestCase::Status::kFailed;
    validate.message = config.error().ToString();
    validate.type = "InvalidInput";
    report.Suite("validate", util::Iso8601(sys.clock.Now())).cases.push_back(validate);
    return ending.Failed(config.error(), "invalid configuration:\n" + config.error().ToString());
  }
  report.Suite("validate", util::Iso8601(sys.clock.Now())).cases.push_back(validate);
  // The SQUAD version the command was given (upgrade, gate), for the report.
  const CLI::Option* asked = chosen->get_option_no_throw("version");
  ending.Know(*config, chosen->get_name(), asked && asked->count() > 0 ? asked->as<std::string>() : "");
  auto env = config->environments.find(environment);
  if (env == config->environments.end()) {
    std::optional<std::string> near = util::Nearest(environment, config->EnvironmentNames());
    return Usage(err, "unknown environment \"" + environment + "\"" +
                          (near ? " (did you mean \"" + *near + "\"?)" : "") + "; environments in " + global.config +
                          ": " + util::Join(config->EnvironmentNames(), ", "));
  }
  Result<commands::Outcome> outcome = Error::Unsafe("not run");
  // dev, given no cluster: the embedded one, which `dev up` starts.
  bool local = env->first == "dev" && global.kubeconfig.empty() && !sys.env.Get("KUBECONFIG");
  std::optional<dev::LocalCluster> local_cluster;
  bool start_failed = false;
  if (local && chosen->get_name() == "up") {
    Result<dev::LocalCluster> started = dev::StartLocalCluster(sys.env);
    if (started.ok()) local_cluster = *started;
    else outcome = started.error(), start_failed = true;
  } else if (local) {
    local_cluster = dev::FindLocalCluster(sys.env);
  }
  if (local_cluster) {
    global.kubeconfig = local_cluster->kubeconfig;
    if (global.context.empty()) global.context = local_cluster->context;
  }
  deploy::KubeClusters clusters(sys, global.kubeconfig, global.context);
  commands::Deps deps{sys, *config, env->second, global, out, clusters};
  try {
    if (!start_failed) outcome = runner(deps, report);
  } catch (const sys::LibraryUnavailable& e) {
    outcome = Error::Unavailable(e.what());
  }
  if (outcome.ok() && local_cluster && chosen->get_name() == "destroy") dev::StopLocalCluster(sys.env);
  if (!outcome.ok()) return ending.Failed(outcome.error(), outcome.error().ToString(), chosen->get_name());
  if (global.output == "json") out << outcome->data.dump(2) << "\n";
  if (outcome->handed_over_exit >= 0) return ending.Done(outcome->handed_over_exit, outcome->data);
  return ending.Done(outcome->changes_present ? kExitChanges : kExitOk, outcome->data);
}

}  // namespace qareports::cli
