#include "commands/render.h"

#include <spdlog/spdlog.h>

#include "manifest/renderer.h"
#include "util/time_format.h"
#include "util/yaml_emit.h"

namespace qareports::commands {

report::TestCase RenderCase(const std::string& name, const Result<manifest::Rendered>& rendered, double seconds) {
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

Result<Outcome> Render::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  Result<manifest::Rendered> rendered =
      manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env, options_.show_secrets);
  report.Suite("render", util::Iso8601(deps_.sys.clock.Now()))
      .cases.push_back(RenderCase("manifests of " + deps_.env.name, rendered, deps_.sys.clock.Elapsed() - start));
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

}  // namespace qareports::commands
