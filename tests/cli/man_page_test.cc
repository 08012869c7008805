// qareports(1) and bash completion, as their users meet them: the page that
// `qareports --man` prints, read by groff, names every command and option
// that --help lists; bash itself runs the completion script.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures/build_paths.h"
#include "fixtures/process.h"
#include "fixtures/temp_dir.h"

namespace qareports::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// What roff shows for `text`: hyphens escaped.
std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// The first word of each indented line of --help's `section` ("Subcommands:", "Options:").
std::vector<std::string> Listed(const std::string& help, const std::string& section) {
  std::vector<std::string> out;
  std::istringstream in(help.substr(help.find(section) + section.size()));
  std::string rest_of_heading;
  std::getline(in, rest_of_heading);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) break;
    if (line.rfind("  ", 0) != 0) break;
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (!first.empty() && first.back() == ',') first.pop_back();  // "apply, deploy"
    if (!first.empty()) out.push_back(first);
  }
  return out;
}

TEST(ManPageTest, NamesEveryCommandAndOptionThatHelpLists) {
  ProcessResult man = RunProcess({QAREPORTS_BINARY, "--man"}, QAREPORTS_SOURCE_DIR, {});
  ASSERT_EQ(man.exit_code, 0) << man.err;
  EXPECT_EQ(man.out.rfind(".TH QAREPORTS 1 ", 0), 0u) << man.out.substr(0, 80);
  ProcessResult help = RunProcess({QAREPORTS_BINARY, "--help"}, QAREPORTS_SOURCE_DIR, {});
  std::vector<std::string> commands = Listed(help.out, "Subcommands:");
  ASSERT_GE(commands.size(), 10u) << help.out;
  for (const std::string& command : commands) {
    EXPECT_TRUE(Contains(man.out, "\\fB" + Escaped(command) + "\\fR")) << command;
    ProcessResult sub = RunProcess({QAREPORTS_BINARY, "staging", command, "--help"}, QAREPORTS_SOURCE_DIR, {});
    for (const std::string& option : Listed(sub.out, "Options:")) {  // "-o,--output"
      std::istringstream names(option);
      for (std::string name; std::getline(names, name, ',');) {
        EXPECT_TRUE(Contains(man.out, Escaped(name))) << command << " " << name;
      }
    }
  }
  EXPECT_TRUE(Contains(man.out, ".SH EXIT STATUS")) << man.out;
  EXPECT_TRUE(Contains(man.out, ".B 75\n")) << man.out;
}

TEST(ManPageTest, GroffReadsItWithoutAWarning) {
  if (!HasProgram("groff")) GTEST_SKIP() << "groff is not installed (Debian's groff-base; ci/setup installs it)";
  ProcessResult man = RunProcess({QAREPORTS_BINARY, "--man"}, QAREPORTS_SOURCE_DIR, {});
  ProcessResult groff = RunProcess({"groff", "-man", "-Tutf8", "-ww", "-z"}, QAREPORTS_SOURCE_DIR, {}, man.out);
  EXPECT_EQ(groff.exit_code, 0) << groff.err;
  EXPECT_EQ(groff.err, "");
}

// Runs the completion script in bash for the words typed so far (the last
// one being completed) and returns COMPREPLY, one per line.
std::string Complete(const TempDir& work, const std::string& typed) {
  std::string bin = QAREPORTS_BINARY;
  std::string script = "source " + std::string(QAREPORTS_SOURCE_DIR) + "/contrib/bash-completion/qareports\n"
                       "COMP_WORDS=(" + typed + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                       "_qareports; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  ProcessResult r = RunProcess({"bash", "-c", script}, work.path(),
                               {{"PATH", bin.substr(0, bin.rfind('/')) + ":/usr/bin:/bin"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(CompletionTest, BashCompletesEnvironmentsFromTheConfigThenCommandsThenOptions) {
  TempDir work;
  work.Write("pipelines/environments.yml",
             "squad: {image: squadproject/squad, version: \"1.89\"}\nenvironments:\n"
             "  staging: {kube: {context: eks, namespace: qareports-staging}}\n"
             "  sandbox: {kube: {context: eks, namespace: qareports-sandbox}}\n"
             "  production: {kube: {context: eks, namespace: qareports-production}}\n");
  work.Write("other.yml", "squad: {image: squadproject/squad}\nenvironments:\n"
                          "  solo: {kube: {context: eks, namespace: qareports-solo}}\n");
  EXPECT_EQ(Complete(work, "qareports s"), "sandbox\nstaging\n");
  EXPECT_EQ(Complete(work, "qareports --config other.yml ''"), "solo\n");
  EXPECT_EQ(Complete(work, "qareports staging up"), "up\nupgrade\nupgrade_squad\n");
  EXPECT_EQ(Complete(work, "qareports staging upgrade --skip"), "--skip-gate\n");
  EXPECT_EQ(Complete(work, "qareports staging plan -o j"), "json\n");
  EXPECT_EQ(Complete(work, "qareports staging plan --junit ''"), "\n") << "file names: the shell's own";
}

}  // namespace
}  // namespace qareports::testing
