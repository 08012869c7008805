#include "commands/render.h"

#include <spdlog/spdlog.h>

#include "manifest/renderer.h"
#include "util/time_format.h"
#include "util/yaml_emit.h"

namespace qareports::commands {
namespace {

report::TestCase Case(const std::string& name, const Result<manifest::Rendered>& rendered, double seconds) {
  report::TestCase c;
  c.name = name;
  c.classname = "render";
  c.seconds = seconds;
  if (!rendered.ok()) {
    c.status = report::TestCase::Status::kFailed;
    c.type = "InvalidInput";
    c.message = rendered.error().ToString();
  }
  return c;
}

}  // namespace

Result<Outcome> Render::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  Result<manifest::Rendered> rendered =
      manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env, options_.show_secrets);
  report.Suite("render", util::Iso8601(deps_.sys.clock.Now()))
      .cases.push_back(Case("manifests of " + deps_.env.name, rendered, deps_.sys.clock.Elapsed() - start));
  if (!rendered.ok()) return rendered.error();
  if (options_.show_secrets) spdlog::warn("printing secret values: --show-secrets");
  Outcome outcome;
  outcome.data = nlohmann::json::array();
  for (const manifest::SourcedObject& o : rendered->objects) {
    nlohmann::json shown = options_.show_secrets ? o.object : manifest::Masked(o, rendered->secrets);
    outcome.data.push_back(shown);
    if (deps_.global.output != "json") deps_.out << "---\n# " << o.file << ":" << o.line << "\n" << util::ToYaml(shown);
  }
  spdlog::info("{}: {} objects rendered", deps_.env.name, rendered->objects.size());
  return outcome;
}

Result<Outcome> Secrets::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  Result<manifest::Rendered> rendered = manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env, false);
  report.Suite("render", util::Iso8601(deps_.sys.clock.Now()))
      .cases.push_back(Case("secrets of " + deps_.env.name, rendered, deps_.sys.clock.Elapsed() - start));
  if (!rendered.ok()) return rendered.error();
  Outcome outcome;
  outcome.data = nlohmann::json::array();
  int unset = 0;
  for (const manifest::SecretSource& s : rendered->secrets) {
    outcome.data.push_back({{"variable", s.variable}, {"set", s.set}, {"object", s.object}, {"key", s.key}});
    if (deps_.global.output != "json") {
      deps_.out << s.variable << "\t" << (s.set ? "set" : "NOT SET") << "\tSecret " << s.object << ", key " << s.key << "\n";
    }
    unset += !s.set;
  }
  spdlog::info("{}: {} secret values, {} of their variables unset", deps_.env.name, rendered->secrets.size(), unset);
  return outcome;
}

}  // namespace qareports::commands
