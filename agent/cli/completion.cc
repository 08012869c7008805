#include "cli/completion.h"

#include <filesystem>
#include <set>

#include "cli/run.h"
#include "config/loader.h"
#include "util/strings.h"

namespace qareports::cli {
namespace {

const std::set<std::string> kTakesValue = {"--config", "--kubeconfig", "--context", "--junit", "--summary",
                                           "-o",       "--output",     "--timeout"};

std::vector<std::string> Environments(const std::vector<std::string>& words, sys::Sys& sys) {
  std::string path = "pipelines/environments.yml";
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--config" && i + 1 < words.size()) path = words[i + 1];
    if (util::StartsWith(words[i], "--config=")) path = words[i].substr(9);
  }
  std::filesystem::path full = std::filesystem::path(sys.cwd) / path;
  Result<config::Config> config = config::Load(full.lexically_normal().string(), sys.fs);
  return config.ok() ? config->EnvironmentNames() : std::vector<std::string>{};
}

std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional()) continue;
    for (const std::string& n : util::Split(o->get_name(false, true), ',')) names.push_back(n);
  }
  return names;
}

}  // namespace

std::string Completions(const std::vector<std::string>& args, sys::Sys& sys) {
  if (args.empty()) return "";
  int at = std::atoi(args[0].c_str());
  std::vector<std::string> words(args.begin() + 1, args.end());
  if (at < 1) return "";
  std::string prefix = static_cast<size_t>(at) <= words.size() ? words[at - 1] : "";
  std::string previous = at >= 2 && static_cast<size_t>(at - 1) <= words.size() ? words[at - 2] : "";

  CommandLine cl;
  BuildCommandLine(cl);
  std::vector<std::string> candidates;
  // The positionals before the word: the environment, then the command.
  std::vector<std::string> positionals;
  for (int i = 0; i + 1 < at && static_cast<size_t>(i) < words.size(); ++i) {
    if (util::StartsWith(words[i], "-")) continue;
    if (i > 0 && kTakesValue.count(words[i - 1])) continue;
    positionals.push_back(words[i]);
  }
  const CLI::App* command = nullptr;
  if (positionals.size() >= 2) {
    for (const CLI::App* sub : cl.app.get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->check_name(positionals[1])) command = sub;
    }
  }
  if (previous == "-o" || previous == "--output") {
    candidates = {"text", "json"};
  } else if (kTakesValue.count(previous)) {
    return "";  // a file, a context or a duration: the shell's own completion
  } else if (util::StartsWith(prefix, "-")) {
    candidates = OptionNames(command ? *command : cl.app);
  } else if (positionals.empty()) {
    candidates = Environments(words, sys);
  } else if (positionals.size() == 1) {
    for (const CLI::App* sub : cl.app.get_subcommands([](const CLI::App*) { return true; })) {
      candidates.push_back(sub->get_name());
      for (const std::string& alias : sub->get_aliases()) candidates.push_back(alias);
    }
  }
  std::set<std::string> matching;  // sorted, each once
  for (const std::string& c : candidates) {
    if (util::StartsWith(c, prefix)) matching.insert(c);
  }
  std::string out;
  for (const std::string& c : matching) out += c + "\n";
  return out;
}

}  // namespace qareports::cli
