#include "commands/detect.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <regex>

#include "git/range.h"
#include "git/repository.h"
#include "report/ci_outputs.h"
#include "util/linear_regex.h"
#include "util/strings.h"
#include "util/time_format.h"
#include "version/pin.h"

namespace qareports::commands {
namespace {

struct PinAt {
  std::optional<std::string> content;  // nullopt: the pin file does not exist there
  std::optional<version::PinValue> pin;
};

Result<PinAt> ReadPinAt(const git::Repository& repo, const version::PinSpec& spec, const std::string& commit) {
  Result<std::optional<std::string>> content = repo.ReadFile(commit, spec.file);
  if (!content.ok()) return content.error();
  PinAt at{*content, std::nullopt};
  if (!at.content) return at;
  Result<std::optional<version::PinValue>> pin = version::ReadPin(*at.content, spec);
  if (!pin.ok()) {
    Error e = pin.error();
    e.message += " (at " + commit.substr(0, 12) + ")";
    return e;
  }
  at.pin = *pin;
  return at;
}

Result<version::Version> ParseAt(const version::PinValue& pin, const version::PinSpec& spec, const std::string& spec_name,
                                 const std::string& commit) {
  Result<version::Version> v = version::Parse(pin.text);
  if (v.ok()) return v;
  return Error::InvalidInput(v.error().message + " at revision " + spec_name + " (" + commit.substr(0, 12) + ")",
                             spec.file + ":" + std::to_string(pin.line), spec.key.empty() ? "pin" : spec.key);
}

bool Under(const std::string& path, const std::string& prefix) {
  if (!prefix.empty() && prefix.back() == '/') return util::StartsWith(path, prefix);
  return path == prefix || util::StartsWith(path, prefix + "/");
}

bool UnderAny(const std::string& path, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return Under(path, p); });
}

// Why a deploy is needed: the version moved, config or infrastructure changed.
// A pin file whose only change is the pin counts as "version", not "config".
void Classify(const std::vector<std::string>& paths, const config::Config& config, const PinAt& old_pin,
              const PinAt& new_pin, DetectResult& result) {
  bool config_changed = false, infra_changed = false;
  for (const std::string& path : paths) {
    bool relevant = false;
    if (UnderAny(path, config.config_paths)) {
      relevant = true;
      bool pin_only = path == config.pin.file && old_pin.content && new_pin.content &&
                      version::WithoutPin(*old_pin.content, old_pin.pin) ==
                          version::WithoutPin(*new_pin.content, new_pin.pin);
      config_changed = config_changed || !pin_only;
    }
    if (UnderAny(path, config.infra_paths)) relevant = infra_changed = true;
    if (relevant || path == config.pin.file) result.changed.push_back(path);
  }
  if (result.bump != version::Bump::kNone) result.reasons.push_back("version");
  if (config_changed) result.reasons.push_back("config");
  if (infra_changed) result.reasons.push_back("infra");
}

// Empty when the tag matches the release pattern and names the pinned version.
Result<std::string> TagProblem(const git::Repository& repo, const config::Config& config, const std::string& tag) {
  Result<util::UserRegex> pattern = util::UserRegex::Compile(config.tag_pattern);  // the loader checked it
  if (!pattern.ok()) return Error::InvalidInput(pattern.error().message, config.path, "release.tag_pattern");
  std::smatch m;
  if (!pattern->Search(tag, &m) || m.size() < 2) {
    return "tag \"" + tag + "\" does not match the release pattern " + config.tag_pattern;
  }
  std::string named = m[1].str();
  Result<version::Version> tag_version = version::Parse(named);
  if (!tag_version.ok()) return "tag \"" + tag + "\" does not name a version: " + tag_version.error().message;
  Result<std::string> commit = repo.ResolveCommit("refs/tags/" + tag);
  if (!commit.ok()) return commit.error();
  Result<PinAt> at = ReadPinAt(repo, config.pin, *commit);
  if (!at.ok()) return at.error();
  if (!at->pin) return "tag \"" + tag + "\" names " + named + " but its commit has no pin in " + config.pin.file;
  Result<version::Version> pinned = ParseAt(*at->pin, config.pin, "refs/tags/" + tag, *commit);
  if (!pinned.ok()) return pinned.error();
  if (version::Compare(*tag_version, *pinned) != 0) {
    return "tag \"" + tag + "\" names version " + named + " but the pin in " + config.pin.file + " at " +
           commit->substr(0, 12) + " is " + at->pin->text;
  }
  return std::string();
}

}  // namespace

nlohmann::json DetectResult::ToJson() const {
  nlohmann::json j = {{"from", from.empty() ? nlohmann::json() : nlohmann::json(from)},
                      {"to", to},
                      {"previous_version", previous_version ? nlohmann::json(*previous_version) : nlohmann::json()},
                      {"version", version},
                      {"bump", version::BumpName(bump)},
                      {"deploy", deploy()},
                      {"reasons", reasons},
                      {"changed_paths", changed},
                      {"tag", tag ? nlohmann::json(*tag) : nlohmann::json()}};
  if (tag) j["tag_matches"] = tag_problem.empty();
  return j;
}

Result<DetectResult> Detect::Compute() const {
  std::string where = options_.repo.empty() ? deps_.sys.cwd : options_.repo;
  Result<git::Repository> repo = git::Repository::Discover(where);
  if (!repo.ok()) return repo.error();
  git::RangeRequest request{options_.from, options_.to, options_.tag, git::FromCi(deps_.sys.env, deps_.sys.fs)};
  Result<git::Range> range = git::ResolveRange(*repo, request);
  if (!range.ok()) return range.error();
  const version::PinSpec& spec = deps_.config.pin;

  DetectResult result;
  result.to = range->to;
  result.from = range->from.value_or("");
  result.tag = range->tag;
  Result<PinAt> new_pin = ReadPinAt(*repo, spec, range->to);
  if (!new_pin.ok()) return new_pin.error();
  if (!new_pin->pin) {
    return Error::InvalidInput("no SQUAD version pin" + (spec.key.empty() ? "" : " at key " + spec.key) + " in " +
                                   spec.file + " at revision " + range->to_spec,
                               spec.file, "squad.pin");
  }
  Result<version::Version> next = ParseAt(*new_pin->pin, spec, range->to_spec, range->to);
  if (!next.ok()) return next.error();
  result.version = new_pin->pin->text;

  PinAt old_pin;
  std::optional<version::Version> previous;
  if (range->from) {
    Result<PinAt> at = ReadPinAt(*repo, spec, *range->from);
    if (!at.ok()) return at.error();
    old_pin = *at;
  }
  if (old_pin.pin) {
    Result<version::Version> v = ParseAt(*old_pin.pin, spec, range->from_spec, *range->from);
    if (!v.ok()) return v.error();
    previous = *v;
    result.previous_version = old_pin.pin->text;
  }
  result.bump = version::Classify(previous, *next);

  Result<std::vector<std::string>> paths = repo->ChangedPaths(range->from, range->to);
  if (!paths.ok()) return paths.error();
  Classify(*paths, deps_.config, old_pin, *new_pin, result);
  if (result.tag) {
    Result<std::string> problem = TagProblem(*repo, deps_.config, *result.tag);
    if (!problem.ok()) return problem.error();
    result.tag_problem = *problem;
  }
  return result;
}

Status Detect::WriteOutputs(const DetectResult& result) {
  report::Variables vars = {{"QAREPORTS_DEPLOY", result.deploy() ? "true" : "false"},
                            {"SQUAD_VERSION", result.version},
                            {"SQUAD_PREVIOUS_VERSION", result.previous_version.value_or("")},
                            {"SQUAD_BUMP", std::string(version::BumpName(result.bump))},
                            {"QAREPORTS_REASONS", util::Join(result.reasons, ",")}};
  if (vars.back().second.size() > 1024) vars.back().second = vars.back().second.substr(0, 1024);  // GitLab's 5,120 bytes
  if (!options_.dotenv.empty()) {
    if (Status s = report::WriteDotenv(options_.dotenv, vars, deps_.sys.fs); !s.ok()) return s;
  }
  if (std::optional<std::string> out = deps_.sys.env.Get("GITHUB_OUTPUT"); out && !out->empty()) {
    // GitHub takes values of several lines: the deploy-relevant paths that changed, one a line.
    vars.emplace_back("QAREPORTS_CHANGED", util::Join(result.changed, "\n"));
    if (Status s = report::AppendGithubOutput(*out, vars, deps_.sys.fs); !s.ok()) return s;
  }
  return Ok();
}

Result<Outcome> Detect::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  report::TestSuite& suite = report.Suite("detect", util::Iso8601(deps_.sys.clock.Now()));
  report::TestCase bump{"version bump", "detect", 0, report::TestCase::Status::kPassed, "", "", "", ""};
  Result<DetectResult> result = Compute();
  bump.seconds = deps_.sys.clock.Elapsed() - start;
  if (!result.ok()) {
    bump.status = report::TestCase::Status::kError;
    bump.message = result.error().ToString();
    suite.cases.push_back(bump);
    return result.error();
  }
  const DetectResult& r = *result;
  std::string summary = "SQUAD " + r.previous_version.value_or("(none)") + " -> " + r.version + ": " +
                        std::string(version::BumpName(r.bump)) + "; deploy: " + (r.deploy() ? "yes" : "no") +
                        (r.reasons.empty() ? "" : " (" + util::Join(r.reasons, ", ") + ")");
  spdlog::info("{}..{}: {}", r.from.empty() ? "(root)" : r.from.substr(0, 12), r.to.substr(0, 12), summary);
  for (const std::string& path : r.changed) spdlog::info("  changed: {}", path);
  bump.output = summary + "\n";
  suite.cases.push_back(bump);

  if (r.tag) {
    report::TestCase tag{"release tag " + *r.tag, "detect", 0, report::TestCase::Status::kPassed, "", "", "", ""};
    if (!r.tag_problem.empty()) {
      tag.status = report::TestCase::Status::kFailed;
      tag.message = r.tag_problem;
      tag.type = "TagMismatch";
      suite.cases.push_back(tag);
      return Error::Failed(r.tag_problem);
    }
    spdlog::info("release tag {} names the pinned version {}", *r.tag, r.version);
    suite.cases.push_back(tag);
  }
  if (Status s = WriteOutputs(r); !s.ok()) return s.error();
  return Outcome{r.ToJson(), false};
}

}  // namespace qareports::commands
