#include "cli/man_page.h"

#include "cli/exit_code.h"
#include "cli/run.h"
#include "util/strings.h"

namespace qareports::cli {
namespace {

// Text safe in roff: backslashes and hyphens escaped, no line starting with
// a control character.
std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string OptionName(const CLI::Option& o) {
  std::string names = o.get_name(false, true);  // "-o,--output"
  std::string out;
  for (const std::string& n : util::Split(names, ',')) out += (out.empty() ? "" : ", ") + std::string("\\fB") + Roff(n) + "\\fR";
  if (o.get_items_expected_max() != 0) out += " \\fI" + Roff(o.get_type_name().empty() ? "VALUE" : o.get_type_name()) + "\\fR";
  return out;
}

void Options(const CLI::App& app, std::string& page, bool positionals) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_name().empty() || o->get_positional() != positionals) continue;
    page += ".TP\n" + (positionals ? "\\fI" + Roff(o->get_name()) + "\\fR" : OptionName(*o)) + "\n" +
            Roff(o->get_description()) + "\n";
  }
}

}  // namespace

std::string ManPage(const std::string& version) {
  CommandLine cl;
  BuildCommandLine(cl);
  std::string page = ".TH QAREPORTS 1 \"\" \"qareports " + Roff(version) + "\" \"User Commands\"\n";
  page += ".SH NAME\nqareports \\- deploy SQUAD (qa\\-reports) to Kubernetes from a CI pipeline\n";
  page += ".SH SYNOPSIS\n.B qareports\n.I environment command\n[\\fIoptions\\fR]\n";
  page += ".SH DESCRIPTION\nOne job per invocation, as one step of a GitLab or GitHub pipeline: detect the "
          "SQUAD version bump, plan, apply or upgrade an environment, gate production on staging, roll back a "
          "failed rollout, drive Terraform and the cluster, and write JUnit reports. The environments are "
          "described in \\fIpipelines/environments.yml\\fR.\n";
  page += ".SH ARGUMENTS\n";
  Options(cl.app, page, true);
  page += ".SH COMMANDS\n";
  for (const CLI::App* sub : cl.app.get_subcommands([](const CLI::App*) { return true; })) {
    std::string names = "\\fB" + Roff(sub->get_name()) + "\\fR";
    for (const std::string& alias : sub->get_aliases()) names += ", \\fB" + Roff(alias) + "\\fR";
    page += ".TP\n" + names + "\n" + Roff(sub->get_description()) + "\n";
    bool own = false;
    for (const CLI::Option* o : sub->get_options()) {
      if (o->get_positional() || cl.app.get_option_no_throw(o->get_name())) continue;  // the global ones: below
      if (!own) page += ".RS\n";
      own = true;
      page += ".TP\n" + OptionName(*o) + "\n" + Roff(o->get_description()) + "\n";
    }
    if (own) page += ".RE\n";
  }
  page += ".SH OPTIONS\nAccepted by every command.\n";
  Options(cl.app, page, false);
  page += ".SH EXIT STATUS\n";
  for (const std::string& line : util::Split(ExitCodeTable(), '\n')) {
    std::string l = util::Trim(line);
    if (l.empty() || l.back() == ':') continue;
    size_t space = l.find(' ');
    page += ".TP\n.B " + l.substr(0, space) + "\n" + Roff(util::Trim(l.substr(space))) + "\n";
  }
  page += ".SH FILES\n.TP\n.I pipelines/environments.yml\nThe environments, their manifests, checks, gates "
          "and Terraform layers (the default of \\fB\\-\\-config\\fR).\n";
  page += ".SH SEE ALSO\n\\fBkubectl\\fR(1), \\fBterraform\\fR(1)\n";
  return page;
}

}  // namespace qareports::cli
