#include "commands/plan.h"

#include <spdlog/spdlog.h>

#include "manifest/renderer.h"
#include "util/strings.h"
#include "util/time_format.h"

namespace qareports::commands {
namespace {

const char* Symbol(plan::Action a) {
  switch (a) {
    case plan::Action::kCreate: return "+";
    case plan::Action::kUpdate: return "~";
    case plan::Action::kPrune: return "-";
    case plan::Action::kUnchanged: return "=";
  }
  return "=";
}

const char* Color(plan::Action a) {
  switch (a) {
    case plan::Action::kCreate: return "\033[32m";
    case plan::Action::kUpdate: return "\033[33m";
    case plan::Action::kPrune: return "\033[31m";
    case plan::Action::kUnchanged: return "";
  }
  return "";
}

std::string Body(const plan::Entry& e) {
  if (e.action == plan::Action::kCreate) return "to be created from " + e.source + "\n";
  if (e.action == plan::Action::kPrune) return "in the cluster with this environment's labels, no longer in git\n";
  std::string body;
  for (const std::string& line : plan::Describe(e.changes, e.secret())) body += line + "\n";
  return body;
}

}  // namespace

nlohmann::json PlanToJson(const plan::Plan& p) {
  nlohmann::json entries = nlohmann::json::array();
  for (const plan::Entry& e : p.entries) {
    entries.push_back({{"action", plan::ActionName(e.action)},
                       {"apiVersion", e.resource.ApiVersion()},
                       {"kind", e.resource.kind},
                       {"namespace", e.namespace_},
                       {"name", e.name},
                       {"source", e.source},
                       {"changes", plan::Describe(e.changes, e.secret())}});
  }
  return {{"entries", entries},
          {"summary",
           {{"create", p.Count(plan::Action::kCreate)},
            {"change", p.Count(plan::Action::kUpdate)},
            {"prune", p.Count(plan::Action::kPrune)},
            {"unchanged", p.Count(plan::Action::kUnchanged)}}}};
}

Result<plan::Plan> Plan::Compute() {
  Result<manifest::Rendered> rendered = manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env,
                                                         /*require_secrets=*/true, /*packed=*/true);
  if (!rendered.ok()) return rendered.error();
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  Result<plan::Plan> p = plan::MakePlan(**session, std::move(rendered.value()), deps_.env.name);
  spdlog::debug("{} API requests", (*session)->client->requests_sent());
  return p;
}

void Plan::Print(const plan::Plan& p) const {
  for (const plan::Entry& e : p.entries) {
    if (e.action == plan::Action::kUnchanged && deps_.global.verbosity == 0) continue;
    const char* color = deps_.sys.color ? Color(e.action) : "";
    const char* reset = deps_.sys.color && *color ? "\033[0m" : "";
    deps_.out << color << Symbol(e.action) << " " << plan::ActionName(e.action) << " " << e.Title() << reset
              << (e.source.empty() ? "" : "  (" + e.source + ")") << "\n";
    if (e.action == plan::Action::kUpdate) {
      for (const std::string& line : plan::Describe(e.changes, e.secret())) deps_.out << "    " << line << "\n";
    }
  }
  deps_.out << p.Summary() << "\n";
}

void Plan::AddCases(const plan::Plan& p, report::Report& report, double seconds) const {
  report::TestSuite& suite = report.Suite(options_.drift ? "drift" : "plan", util::Iso8601(deps_.sys.clock.Now()));
  for (const plan::Entry& e : p.entries) {
    report::TestCase c;
    c.name = e.Title();
    c.classname = suite.name + "." + deps_.env.name;
    c.seconds = seconds / static_cast<double>(std::max<size_t>(1, p.entries.size()));
    bool drifted = e.action != plan::Action::kUnchanged;
    if (drifted && options_.drift) {
      c.status = report::TestCase::Status::kFailed;
      c.type = "Drift";
      c.message = e.Title() + ": " + plan::ActionName(e.action) + " (live state differs from git)";
      c.body = Body(e);
    } else if (drifted) {
      c.output = plan::ActionName(e.action) + "\n" + Body(e);
    }
    suite.cases.push_back(c);
  }
}

Result<Outcome> Plan::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  Result<plan::Plan> p = Compute();
  if (!p.ok()) return p.error();
  // A plan of thousands of objects is turned into a report or JSON only when asked for.
  if (!deps_.global.junit.empty()) AddCases(*p, report, deps_.sys.clock.Elapsed() - start);
  if (deps_.global.output != "json") Print(*p);
  spdlog::info("{}: {}", deps_.env.name, p->Summary());
  Outcome outcome;
  if (deps_.global.output == "json") outcome.data = PlanToJson(*p);
  outcome.changes_present = p->HasChanges() && (options_.detailed_exitcode || options_.drift);
  return outcome;
}

}  // namespace qareports::commands
