#include "commands/gate.h"

#include <spdlog/spdlog.h>

#include "gate/decide.h"
#include "manifest/renderer.h"
#include "util/strings.h"
#include "version/version.h"

namespace qareports::commands {

Result<Outcome> Gate::Run(report::Report& report) {
  std::string version = options_.version;
  if (version.empty()) {
    Result<std::map<std::string, std::string>> values = manifest::Values(deps_.config, deps_.env, deps_.sys.fs);
    if (!values.ok()) return values.error();
    version = (*values)["squad_version"];
  } else if (!version::Parse(version).ok()) {
    return Error::InvalidInput("\"" + version + "\" is not a SQUAD version", "", "VERSION");
  }
  Result<gate::Verdict> verdict =
      gate::Decide({deps_.sys, deps_.config, deps_.env, deps_.clusters}, version, options_.commit, report);
  if (!verdict.ok()) return verdict.error();
  if (deps_.global.output != "json") {
    if (!deps_.env.gate) {
      deps_.out << deps_.env.name << ": no gate configured: open\n";
    } else {
      for (const auto& c : verdict->data["conditions"]) {
        deps_.out << (c["passed"].get<bool>() ? "pass " : "FAIL ") << c["name"].get<std::string>() << ": "
                  << c["message"].get<std::string>() << "\n";
      }
      for (const auto& c : verdict->data["checks"]) {
        deps_.out << (c["passed"].get<bool>() ? "pass " : "FAIL ") << c["environment"].get<std::string>() << "/"
                  << c["name"].get<std::string>() << " (" << c["kind"].get<std::string>()
                  << "): " << c["message"].get<std::string>() << "\n";
      }
      deps_.out << deps_.env.name << ": gate " << (verdict->open ? "open" : "closed") << " for SQUAD " << version
                << "\n";
    }
  }
  if (!verdict->open) {
    return Error::Failed("the gate of " + deps_.env.name + " is closed: " + util::Join(verdict->reasons, "; "));
  }
  Outcome outcome;
  outcome.data = verdict->data;
  return outcome;
}

}  // namespace qareports::commands
