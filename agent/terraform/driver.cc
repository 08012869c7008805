#include "terraform/driver.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>

#include "sys/stop.h"
#include "terraform/lock_info.h"
#include "util/json_fields.h"
#include "util/strings.h"
#include "version/version.h"

namespace qareports::terraform {
namespace {

namespace fs = std::filesystem;

// Events worth a line in the job's log as they happen (an apply repeats
// the plan's planned changes: they are said once).
bool IsProgress(const Event& e, const std::string& command) {
  if (command == "apply" && e.type == "planned_change") return false;
  static const char* kTypes[] = {"planned_change", "resource_drift", "apply_start", "apply_progress",
                                 "apply_complete", "apply_errored", "provision_errored", "change_summary"};
  for (const char* t : kTypes) {
    if (e.type == t) return true;
  }
  return false;
}


// `word` as a POSIX shell reads it back: as it is when it is safe, else
// single-quoted.
std::string ShellQuote(const std::string& word) {
  bool safe = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789_./:=@%+,-") == std::string::npos;
  if (safe) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::string Driver::DataDir(const Layer& layer) {
  return fs::absolute(fs::path(layer.dir) / ".terraform" / ("qareports-" + layer.name)).string();
}

std::string Driver::UnlockCommand(const Layer& layer, const std::string& id) const {
  return "TF_DATA_DIR=" + ShellQuote(DataDir(layer)) + " " + ShellQuote(settings_.binary) + " " +
         ShellQuote("-chdir=" + layer.dir) + " force-unlock -force " + ShellQuote(id);
}

Driver::Driver(sys::ProcessRunner& runner, Settings settings) : runner_(runner), settings_(std::move(settings)) {
  std::string pattern = (fs::temp_directory_path() / "qareports-terraform-XXXXXX").string();
  if (::mkdtemp(pattern.data()) != nullptr) work_dir_ = pattern;  // mode 0700
}

Driver::~Driver() {
  std::error_code ignored;
  if (!work_dir_.empty()) fs::remove_all(work_dir_, ignored);
}

Driver::Run Driver::Execute(const Layer& layer, std::vector<std::string> args, bool stream) {
  sys::ProcessRequest request;
  request.argv = {settings_.binary, "-chdir=" + layer.dir};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.env = {{"TF_IN_AUTOMATION", "1"},
                 {"TF_INPUT", "0"},
                 {"CHECKPOINT_DISABLE", "1"},
                 {"TF_DATA_DIR", DataDir(layer)}};
  if (!settings_.plugin_cache.empty()) request.env["TF_PLUGIN_CACHE_DIR"] = settings_.plugin_cache;
  for (const auto& [name, value] : layer.vars) request.env["TF_VAR_" + name] = value;
  request.timeout_seconds = settings_.timeout_seconds;
  request.interrupt_on_stop = true;
  Run run;
  if (stream) {
    request.on_out_line = [&](const std::string& line) {
      std::optional<Event> e = ParseEvent(line);
      if (!e) return;
      if (e->type == "apply_start") run.began_changes = true;
      if (IsProgress(*e, args.front())) spdlog::info("terraform {}: {}", layer.name, MaskSecrets(e->message, settings_.secrets));
      if (e->diagnostic && e->diagnostic->severity == "warning") {
        spdlog::warn("terraform {}: {}", layer.name, MaskSecrets(e->diagnostic->ToString(), settings_.secrets));
      }
      // What errors and summaries need is kept; progress is only said.
      if (e->diagnostic || e->type == "change_summary") run.events.push_back(std::move(*e));
    };
  }
  spdlog::debug("running {}", util::Join(request.argv, " "));
  run.process = runner_.Run(request);
  return run;
}

Error Driver::Failure(const Layer& layer, const std::string& step, const Run& run) const {
  const std::string where = "terraform " + step + " of layer " + layer.name;
  if (run.process.not_found) {
    return Error::Unavailable("terraform is not installed: \"" + settings_.binary +
                              "\" cannot be run (install Terraform 1.5 or later, or set terraform.binary)");
  }
  if (run.process.stopped || run.process.timed_out) {
    std::string why = run.process.stopped ? sys::StopReason() : "its time limit";
    bool killed = run.process.exit_code == 128 + 9;
    std::string lock = killed ? " Terraform was killed before it finished: its state lock may still be held (the "
                                "next job's error names its ID and the command that clears it)."
                              : " Terraform released its state lock.";
    if (run.began_changes) {
      return Error::Unsafe(where + " was interrupted (" + why +
                           ") after it began changing resources: some may be half-made; run plan to see." + lock);
    }
    return Error::Failed(where + " was interrupted (" + why + ") before it changed anything in this layer." + lock);
  }
  std::vector<std::string> errors;
  for (const Event& e : run.events) {
    if (!e.diagnostic || e.diagnostic->severity != "error") continue;
    if (e.diagnostic->summary == "Error acquiring the state lock") {
      std::optional<LockInfo> info = ParseLockInfo(e.diagnostic->detail);
      std::string holder = info ? info->Describe() : "another process";
      std::string clear = UnlockCommand(layer, info && !info->id.empty() ? info->id : "<ID>");
      return Error::LockHeld("the Terraform state of layer " + layer.name + " is locked by " + holder +
                             ": wait for it to finish, or, if it died, clear it with `" + clear + "`");
    }
    if (e.diagnostic->summary == "Saved plan is stale") {
      // Another job applied the layer between this job's plan and apply:
      // nothing of this plan was applied, and a new one will see it.
      return Error::LockHeld("the Terraform state of layer " + layer.name + " changed after this job planned it: "
                             "another job applied the layer meanwhile, and Terraform applied nothing of this plan. "
                             "Run the job again: its new plan starts from what that job made");
    }
    Diagnostic d = *e.diagnostic;
    if (!d.filename.empty()) d.filename = (fs::path(layer.dir) / d.filename).string();
    errors.push_back(MaskSecrets(d.ToString(), settings_.secrets));
  }
  if (errors.empty()) {
    std::string text = util::LastLines(run.process.err.empty() ? run.process.out : run.process.err, 20);
    errors.push_back(MaskSecrets(text.empty() ? "exit code " + std::to_string(run.process.exit_code) : text,
                                 settings_.secrets));
  }
  std::string message = where + " failed: " + util::Join(errors, "\n");
  if (step == "apply" || step == "destroy") return Error::Failed(message);
  if (run.began_changes) return Error::Unsafe(message);
  // Before any change: a diagnostic pointing into the configuration is the
  // configuration's fault; anything else is Terraform or its backend.
  for (const Event& e : run.events) {
    if (e.diagnostic && e.diagnostic->severity == "error" && !e.diagnostic->filename.empty()) {
      return Error::InvalidInput(message, (fs::path(layer.dir) / e.diagnostic->filename).string() + ":" +
                                              std::to_string(e.diagnostic->line));
    }
  }
  return Error::Unavailable(message);
}

Result<std::string> Driver::Version() {
  if (!version_.empty()) return version_;
  sys::ProcessRequest request;
  request.argv = {settings_.binary, "version", "-json"};
  request.env = {{"CHECKPOINT_DISABLE", "1"}};
  request.timeout_seconds = 30;
  sys::ProcessResult result = runner_.Run(request);
  if (result.not_found) {
    return Error::Unavailable("terraform is not installed: \"" + settings_.binary +
                              "\" cannot be run (install Terraform 1.5 or later, or set terraform.binary)");
  }
  if (result.stopped) {
    return Error::Failed("terraform version -json was interrupted (" + sys::StopReason() +
                         ") before anything changed");
  }
  nlohmann::json j = util::ParseJson(result.out);
  std::string found = j.is_object() && j.contains("terraform_version") && j["terraform_version"].is_string()
                          ? j["terraform_version"].get<std::string>()
                          : "";
  Result<version::Version> parsed = version::Parse(found);
  if (result.exit_code != 0 || !parsed.ok()) {
    return Error::Unavailable("\"" + settings_.binary + " version -json\" did not say which Terraform it is (exit " +
                              std::to_string(result.exit_code) + ")");
  }
  if (parsed->numbers[0] != 1 || parsed->numbers[1] < 5) {
    return Error::Unavailable("terraform " + found + " found at \"" + settings_.binary +
                              "\": qareports drives Terraform 1.x, 1.5 or later");
  }
  version_ = found;
  return version_;
}

Status Driver::Init(const Layer& layer) {
  Result<std::string> version = Version();
  if (!version.ok()) return version.error();
  if (!settings_.plugin_cache.empty()) {
    std::error_code ignored;
    fs::create_directories(settings_.plugin_cache, ignored);
  }
  std::vector<std::string> args = {"init", "-input=false", "-no-color", "-reconfigure"};
  for (const auto& [key, value] : layer.backend) args.push_back("-backend-config=" + key + "=" + value);
  Run run = Execute(layer, args, /*stream=*/false);
  if (run.process.exit_code == 0 && !run.process.stopped) return Ok();
  Error error = Failure(layer, "init", run);
  if (error.kind == ErrorKind::kUnavailable && run.process.err.find("Error: ") != std::string::npos &&
      run.process.err.find(".tf line ") != std::string::npos) {
    error.kind = ErrorKind::kInvalidInput;  // "on main.tf line 3": the configuration's own fault
  }
  return error;
}

Result<LayerPlan> Driver::Plan(const Layer& layer, bool destroy) {
  if (work_dir_.empty()) return Error::Failed("cannot make a private directory for Terraform's plan files");
  LayerPlan plan;
  plan.layer = layer.name;
  plan.destroy = destroy;
  plan.plan_file = (fs::path(work_dir_) / (layer.name + "-" + std::to_string(++plans_) + ".tfplan")).string();
  std::vector<std::string> args = {"plan", "-input=false", "-no-color", "-json", "-detailed-exitcode",
                                   "-lock-timeout=0s", "-out=" + plan.plan_file};
  if (destroy) args.push_back("-destroy");
  Run run = Execute(layer, args, /*stream=*/true);
  if (run.process.stopped || (run.process.exit_code != 0 && run.process.exit_code != 2)) {
    return Failure(layer, "plan", run);
  }
  plan.changes = run.process.exit_code == 2;
  Run show = Execute(layer, {"show", "-json", "-no-color", plan.plan_file}, /*stream=*/false);
  if (show.process.exit_code != 0 || show.process.stopped) return Failure(layer, "show", show);
  Result<PlanView> view = ParsePlanView(show.process.out, settings_.secrets);
  if (!view.ok()) return view.error();
  plan.view = std::move(*view);
  return plan;
}

Result<ApplySummary> Driver::Apply(const Layer& layer, const LayerPlan& plan) {
  if (sys::StopRequested()) {
    return Error::Failed("terraform " + std::string(plan.destroy ? "destroy" : "apply") + " of layer " + layer.name +
                         " not begun: stopped (" + sys::StopReason() + ")");
  }
  Run run = Execute(layer, {"apply", "-input=false", "-no-color", "-json", "-lock-timeout=0s", plan.plan_file},
                    /*stream=*/true);
  if (run.process.exit_code != 0 || run.process.stopped) return Failure(layer, plan.destroy ? "destroy" : "apply", run);
  ApplySummary summary;
  for (const Event& e : run.events) {
    if (e.type == "change_summary") summary = {e.add, e.change, e.remove};
  }
  return summary;
}

Result<nlohmann::json> Driver::Outputs(const Layer& layer) {
  Run run = Execute(layer, {"output", "-json", "-no-color"}, /*stream=*/false);
  if (run.process.exit_code != 0 || run.process.stopped) return Failure(layer, "output", run);
  nlohmann::json all = util::ParseJson(run.process.out);
  if (!all.is_object()) return Error::Unavailable("terraform output -json of layer " + layer.name + " is not a JSON object");
  nlohmann::json out = nlohmann::json::object();
  for (const auto& item : all.items()) {
    const nlohmann::json& o = item.value();
    bool sensitive = o.is_object() && o.value("sensitive", false);
    out[item.key()] = sensitive ? nlohmann::json(kMasked) : (o.is_object() ? o.value("value", nlohmann::json()) : o);
  }
  return out;
}

}  // namespace qareports::terraform
