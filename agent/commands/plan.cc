#include "commands/plan.h"

#include <spdlog/spdlog.h>

#include "commands/infrastructure.h"
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

// What one case of a report may say of an object's changes, and all cases
// together: 20,000 drifted objects make a report GitLab still reads (its
// limit is 30 MB).
constexpr size_t kMaxCaseBody = 4096;
constexpr size_t kMaxBodies = 16u << 20;

// The text's whole lines that fit in `limit` bytes, and how many are left out.
std::string BoundedText(const std::string& text, size_t limit) {
  size_t cut = text.rfind('\n', limit);
  cut = cut == std::string::npos ? 0 : cut + 1;
  size_t left = static_cast<size_t>(std::count(text.begin() + static_cast<long>(cut), text.end(), '\n'));
  return text.substr(0, cut) + "… and " + std::to_string(std::max<size_t>(left, 1)) + " more lines\n";
}

std::string Body(const plan::Plan& p, const plan::Entry& e) {
  if (e.action == plan::Action::kCreate) return "to be created from " + p.Source(e) + "\n";
  if (e.action == plan::Action::kPrune) return "in the cluster with this environment's labels, no longer in git\n";
  std::string body;
  for (const std::string& line : p.Describe(e)) body += line + "\n";
  return body;
}

const char* Symbol(terraform::Action a) {
  switch (a) {
    case terraform::Action::kCreate: return "+";
    case terraform::Action::kUpdate: return "~";
    case terraform::Action::kReplace: return "-/+";
    case terraform::Action::kDelete: return "-";
    case terraform::Action::kNoop:
    case terraform::Action::kRead: return "=";
    case terraform::Action::kOther: return "?";
  }
  return "?";
}

std::string Body(const terraform::ResourceChange& r) {
  if (r.action == terraform::Action::kDelete) return "to be destroyed\n";
  std::string body;
  for (const std::string& line : r.Describe()) body += line + "\n";
  return body;
}

bool Changes(const terraform::ResourceChange& r) {
  return r.action != terraform::Action::kNoop && r.action != terraform::Action::kRead;
}

}  // namespace

nlohmann::json PlanToJson(const std::vector<terraform::LayerPlan>& plans) {
  nlohmann::json layers = nlohmann::json::array();
  for (const terraform::LayerPlan& p : plans) {
    nlohmann::json resources = nlohmann::json::array();
    for (const terraform::ResourceChange& r : p.view.resources) {
      resources.push_back({{"address", r.address},
                           {"action", r.action == terraform::Action::kOther ? r.raw_actions : terraform::ActionName(r.action)},
                           {"reason", r.reason},
                           {"changes", r.Describe()}});
    }
    layers.push_back({{"layer", p.layer},
                      {"resources", resources},
                      {"summary",
                       {{"create", p.view.Count(terraform::Action::kCreate)},
                        {"update", p.view.Count(terraform::Action::kUpdate)},
                        {"replace", p.view.Count(terraform::Action::kReplace)},
                        {"delete", p.view.Count(terraform::Action::kDelete)}}}});
  }
  return layers;
}

nlohmann::json PlanToJson(const plan::Plan& p) {
  nlohmann::json entries = nlohmann::json::array();
  for (const plan::Entry& e : p.entries) {
    entries.push_back({{"action", plan::ActionName(e.action)},
                       {"apiVersion", p.Resource(e).ApiVersion()},
                       {"kind", p.Resource(e).kind},
                       {"namespace", p.Namespace(e)},
                       {"name", e.name},
                       {"source", p.Source(e)},
                       {"changes", p.Describe(e)}});
  }
  return {{"entries", entries},
          {"summary",
           {{"create", p.Count(plan::Action::kCreate)},
            {"change", p.Count(plan::Action::kUpdate)},
            {"prune", p.Count(plan::Action::kPrune)},
            {"unchanged", p.Count(plan::Action::kUnchanged)}}}};
}

Result<plan::Plan> Plan::Compute(const plan::Found& found) {
  manifest::StoredObjects objects;
  Result<manifest::Rendered> rendered = manifest::Render(deps_.config, deps_.env, deps_.sys.fs, deps_.sys.env,
                                                         /*require_secrets=*/true, &objects);
  if (!rendered.ok()) return rendered.error();
  Result<kube::Session*> session = deps_.cluster().Session();
  if (!session.ok()) return session.error();
  Result<plan::Plan> p = plan::MakePlan(**session, objects, deps_.env.name, found);
  kube::Client& client = *(*session)->client;
  spdlog::debug("{} API requests, at most {} at once, {} refused as too many", client.requests_sent(),
                client.concurrency().highest(), client.concurrency().throttled());
  return p;
}

void Plan::Print(const plan::Plan& p, const plan::Entry& e) const {
  if (e.action == plan::Action::kUnchanged && deps_.global.verbosity == 0) return;
  const char* color = deps_.sys.color ? Color(e.action) : "";
  const char* reset = deps_.sys.color && *color ? "\033[0m" : "";
  std::string source = p.Source(e);
  deps_.out << color << Symbol(e.action) << " " << plan::ActionName(e.action) << " " << p.Title(e) << reset
            << (source.empty() ? "" : "  (" + source + ")") << "\n";
  if (e.action == plan::Action::kUpdate) {
    for (const std::string& line : p.Describe(e)) deps_.out << "    " << line << "\n";
  }
}

void Plan::Print(const terraform::LayerPlan& p) const {
  for (const terraform::ResourceChange& r : p.view.resources) {
    if (!Changes(r) && deps_.global.verbosity == 0) continue;
    deps_.out << Symbol(r.action) << " terraform " << p.layer << ": " << r.Title() << "\n";
    for (const std::string& line : r.Describe()) deps_.out << "    " << line << "\n";
  }
  deps_.out << "terraform " << p.layer << ": " << p.view.Summary() << "\n";
}

void Plan::AddCases(const std::vector<terraform::LayerPlan>& plans, report::Report& report, double seconds) const {
  report::TestSuite& suite = report.Suite(options_.drift ? "drift" : "plan", util::Iso8601(deps_.sys.clock.Now()));
  size_t count = 0;
  for (const terraform::LayerPlan& p : plans) count += p.view.resources.size();
  for (const terraform::LayerPlan& p : plans) {
    for (const terraform::ResourceChange& r : p.view.resources) {
      report::TestCase c;
      c.name = "terraform " + p.layer + ": " + r.address;
      c.classname = suite.name + "." + deps_.env.name;
      c.seconds = seconds / static_cast<double>(std::max<size_t>(1, count));
      if (Changes(r) && options_.drift) {
        c.status = report::TestCase::Status::kFailed;
        c.type = "Drift";
        c.message = c.name + ": " + r.Title() + " (the infrastructure differs from git)";
        c.body = Body(r);
      } else if (Changes(r)) {
        c.output = r.Title() + "\n" + Body(r);
      }
      if (Changes(r)) c.change = r.action == terraform::Action::kOther ? r.raw_actions : terraform::ActionName(r.action);
      suite.cases.push_back(c);
    }
  }
}

void Plan::AddCases(const plan::Plan& p, report::Report& report, double seconds) const {
  report::TestSuite& suite = report.Suite(options_.drift ? "drift" : "plan", util::Iso8601(deps_.sys.clock.Now()));
  size_t bodies = 0;  // bytes, all cases': the report stays well under GitLab's limit
  auto bounded = [&](const plan::Entry& e) {
    std::string body = Body(p, e);
    if (body.size() > kMaxCaseBody) body = BoundedText(body, kMaxCaseBody);
    if (bodies + body.size() > kMaxBodies) {
      body = "(left out: this report's details reached " + std::to_string(kMaxBodies >> 20) +
             " MiB; the plan's own output has every change)\n";
    }
    bodies += body.size();
    return body;
  };
  for (const plan::Entry& e : p.entries) {
    report::TestCase c;
    c.name = p.Title(e);
    c.classname = suite.name + "." + deps_.env.name;
    c.seconds = seconds / static_cast<double>(std::max<size_t>(1, p.entries.size()));
    bool drifted = e.action != plan::Action::kUnchanged;
    if (drifted && options_.drift) {
      c.status = report::TestCase::Status::kFailed;
      c.type = "Drift";
      c.message = c.name + ": " + plan::ActionName(e.action) + " (live state differs from git)";
      c.body = bounded(e);
    } else if (drifted) {
      c.output = plan::ActionName(e.action) + "\n" + bounded(e);
    }
    if (drifted) c.change = plan::ActionName(e.action);
    suite.cases.push_back(c);
  }
}

Result<Outcome> Plan::Run(report::Report& report) {
  double start = deps_.sys.clock.Elapsed();
  bool kubernetes = options_.only != "terraform";
  Result<std::vector<terraform::Layer>> layers =
      options_.only == "kubernetes" ? std::vector<terraform::Layer>{} : TerraformLayers(deps_);
  if (!layers.ok()) return layers.error();
  if (!kubernetes && layers->empty()) {
    return Error::InvalidInput("environment " + deps_.env.name + " has no Terraform (--only terraform)",
                               deps_.config.path, "environments." + deps_.env.name + ".terraform");
  }
  bool changes = false;
  Outcome outcome;
  if (kubernetes) {
    bool text = deps_.global.output != "json";
    // The text is written as the plan is found; a plan of thousands of
    // objects is turned into a report or JSON only when one is wanted.
    Result<plan::Plan> p = Compute(text ? [this](const plan::Plan& found, const plan::Entry& e) { Print(found, e); }
                                        : plan::Found{});
    if (!p.ok()) return p.error();
    if (deps_.global.reported) AddCases(*p, report, deps_.sys.clock.Elapsed() - start);
    if (text) deps_.out << p->Summary() << "\n";
    spdlog::info("{}: {}", deps_.env.name, p->Summary());
    changes = p->HasChanges();
    if (deps_.global.output == "json") outcome.data = PlanToJson(*p);
  }
  std::vector<terraform::LayerPlan> infrastructure;
  if (!layers->empty()) {
    double terraform_start = deps_.sys.clock.Elapsed();
    terraform::Driver driver(deps_.sys.runner, TerraformSettings(deps_));
    Result<std::vector<terraform::LayerPlan>> plans = PlanLayers(driver, *layers);
    if (!plans.ok()) return plans.error();
    infrastructure = std::move(*plans);
    if (deps_.global.reported) AddCases(infrastructure, report, deps_.sys.clock.Elapsed() - terraform_start);
    for (const terraform::LayerPlan& lp : infrastructure) {
      if (deps_.global.output != "json") Print(lp);
      spdlog::info("{}: terraform {}: {}", deps_.env.name, lp.layer, lp.view.Summary());
      changes = changes || lp.view.HasChanges();
    }
    if (deps_.global.output == "json") outcome.data["terraform"] = PlanToJson(infrastructure);
  }
  if (!options_.terraform_report.empty()) {
    std::vector<const terraform::PlanView*> views;
    for (const terraform::LayerPlan& lp : infrastructure) views.push_back(&lp.view);
    if (Status written = deps_.sys.fs.WriteAtomic(options_.terraform_report, terraform::GitLabReport(views));
        !written.ok()) {
      return Error::Failed("cannot write the Terraform report " + options_.terraform_report + ": " +
                           written.error().message);
    }
  }
  outcome.changes_present = changes && (options_.detailed_exitcode || options_.drift);
  return outcome;
}

}  // namespace qareports::commands
