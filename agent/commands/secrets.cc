#include "commands/secrets.h"

#include <spdlog/spdlog.h>

#include "commands/render.h"
#include "util/time_format.h"

namespace qareports::commands {

Result<Outcome> Secrets::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  Result<manifest::Rendered> rendered = manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env, false);
  report.Suite("render", util::Iso8601(deps_.sys.clock.Now()))
      .cases.push_back(RenderCase("secrets of " + deps_.env.name, rendered, deps_.sys.clock.Elapsed() - start));
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
