#include "report/summary.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "util/strings.h"

namespace qareports::report {
namespace {

constexpr size_t kMaxObjects = 100;   // rows of changed objects
constexpr size_t kMaxFailures = 20;   // failures shown with their details
constexpr size_t kMaxDetail = 4000;   // bytes of one failure's details (its end)
constexpr size_t kMaxMessage = 8000;  // bytes of the outcome's message
constexpr size_t kMaxCell = 300;      // bytes of one table cell
constexpr size_t kMaxTasks = 150;     // bars of the timeline

bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first `max` bytes, cut between characters.
std::string Head(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && Continuation(text[end])) --end;
  return text.substr(0, end) + "…";
}

// The last `max` bytes, cut between characters.
std::string Tail(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t start = text.size() - max;
  while (start < text.size() && Continuation(text[start])) ++start;
  return "…" + text.substr(start);
}

// Text for a table cell: one line, no markup of its own.
std::string Cell(const std::string& text) {
  std::string out;
  std::string line = text;
  while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
  for (char c : Head(line, kMaxCell)) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\': out += "\\\\"; break;
      case '`': out += "\\`"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '[': out += "\\["; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

// A fenced block that nothing in `text` can close early.
std::string Fenced(const std::string& text, const std::string& info) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string body = text;
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + info + "\n" + body + fence + "\n";
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", std::max(0.0, s));
  return buf;
}

const char* Verdict(TestCase::Status status) {
  switch (status) {
    case TestCase::Status::kPassed: return "✅ passed";
    case TestCase::Status::kFailed: return "❌ failed";
    case TestCase::Status::kError: return "❌ error";
    case TestCase::Status::kSkipped: return "⏭️ skipped";
  }
  return "";
}

bool Bad(const TestCase& c) { return c.status == TestCase::Status::kFailed || c.status == TestCase::Status::kError; }

std::string Outcome(const SummaryFacts& facts) {
  const char* mark = facts.exit_code == 0 ? "✅" : facts.exit_code == 2 ? "⚠️" : "❌";
  std::string out = "## " + std::string(mark) + " " + Cell(facts.title) + "\n\n";
  out += "| exit code | meaning | took |\n| ---: | --- | ---: |\n";
  out += "| " + std::to_string(facts.exit_code) + " | " + Cell(facts.meaning) + " | " + Seconds(facts.seconds) + " |\n\n";
  if (!facts.release.empty()) out += "**" + Cell(facts.release) + "**\n\n";
  if (!facts.rollback.empty()) out += "To roll it back:\n\n" + Fenced(facts.rollback, "sh") + "\n";
  if (!facts.message.empty()) out += Fenced(Head(facts.message, kMaxMessage), "text") + "\n";
  return out;
}

std::string Changes(const Report& report) {
  std::map<std::string, size_t> counts;
  std::vector<std::pair<const TestSuite*, const TestCase*>> changed;
  for (const TestSuite& s : report.suites()) {
    for (const TestCase& c : s.cases) {
      if (c.change.empty() || c.change == "unchanged") continue;
      ++counts[c.change];
      changed.emplace_back(&s, &c);
    }
  }
  if (changed.empty()) return "";
  std::string out = "### What changed\n\n| change | objects |\n| --- | ---: |\n";
  for (const auto& [change, n] : counts) out += "| " + Cell(change) + " | " + std::to_string(n) + " |\n";
  out += "\n| object | change | phase |\n| --- | --- | --- |\n";
  for (size_t i = 0; i < changed.size() && i < kMaxObjects; ++i) {
    out += "| " + Cell(changed[i].second->name) + " | " + Cell(changed[i].second->change) + " | " +
           Cell(changed[i].first->name) + " |\n";
  }
  if (changed.size() > kMaxObjects) {
    out += "\n… and " + std::to_string(changed.size() - kMaxObjects) + " more (the JUnit report lists them all).\n";
  }
  return out + "\n";
}

// The cases of the suites named `suites` as a table of verdicts.
std::string Verdicts(const Report& report, const std::string& heading, const std::vector<std::string>& suites) {
  std::string rows;
  for (const TestSuite& s : report.suites()) {
    if (std::find(suites.begin(), suites.end(), s.name) == suites.end()) continue;
    for (const TestCase& c : s.cases) {
      std::string detail = c.message.empty() ? c.output : c.message;
      std::string name = util::StartsWith(s.name, "rollback-") ? "after the rollback: " + c.name : c.name;
      rows += "| " + Cell(name) + " | " + Verdict(c.status) + " | " + Cell(detail) + " |\n";
    }
  }
  if (rows.empty()) return "";
  return "### " + heading + "\n\n| " + (heading == "Gate" ? "condition" : "check") +
         " | verdict | detail |\n| --- | --- | --- |\n" + rows + "\n";
}

std::string Failures(const Report& report) {
  std::string out;
  size_t shown = 0, more = 0;
  for (const TestSuite& s : report.suites()) {
    for (const TestCase& c : s.cases) {
      if (!Bad(c)) continue;
      if (shown == kMaxFailures) {
        ++more;
        continue;
      }
      ++shown;
      if (c.body.empty()) {
        out += "- **" + Cell(s.name + ": " + c.name) + "**: " + Cell(c.message) + "\n\n";
      } else {
        out += "<details><summary>" + Cell(s.name + ": " + c.name) + ": " + Cell(c.message) + "</summary>\n\n" +
               Fenced(Tail(c.body, kMaxDetail), "text") + "\n</details>\n\n";
      }
    }
  }
  if (out.empty()) return "";
  if (more) out += "… and " + std::to_string(more) + " more failures (the JUnit report has them all).\n\n";
  return "### Failures\n\n" + out;
}

// A gantt task's name: no character the gantt syntax gives a meaning.
std::string TaskName(const std::string& text) {
  std::string out;
  for (char c : Head(text, 80)) out += (c == ':' || c == ';' || c == '#' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string Task(const std::string& name, bool bad, long long start_ms, double seconds) {
  long long ms = std::max<long long>(1, static_cast<long long>(seconds * 1000));
  return "    " + TaskName(name) + " :" + (bad ? "crit" : "done") + ", " + std::to_string(start_ms) + ", " +
         std::to_string(ms) + "ms\n";
}

std::string Timeline(const Report& report, const SummaryFacts& facts) {
  std::vector<const TestSuite*> phases;
  for (const TestSuite& s : report.suites()) {
    if (s.started >= 0) phases.push_back(&s);
  }
  if (phases.empty()) return "";
  std::stable_sort(phases.begin(), phases.end(), [](const TestSuite* a, const TestSuite* b) { return a->started < b->started; });
  long long t0 = std::chrono::duration_cast<std::chrono::milliseconds>(facts.started.time_since_epoch()).count();
  std::string tasks;
  size_t count = 0;
  for (size_t i = 0; i < phases.size() && count < kMaxTasks; ++i) {
    const TestSuite& s = *phases[i];
    double end = i + 1 < phases.size() ? phases[i + 1]->started : facts.seconds;
    long long start_ms = t0 + static_cast<long long>(s.started * 1000);
    bool bad = std::any_of(s.cases.begin(), s.cases.end(), Bad);
    tasks += "    section " + TaskName(s.name) + "\n";
    bool per_case = s.name == "rollout" || s.name == "rollback-rollout";
    if (s.name == "lock" && !s.cases.empty() && !bad) {
      tasks += Task("deploy lock held", false, start_ms, facts.seconds - s.started);
    } else if (s.name == "rollback") {  // its own steps follow, in the rollback- phases
      tasks += Task("rollback", bad, start_ms, facts.seconds - s.started);
    } else if (per_case && !s.cases.empty()) {
      for (const TestCase& c : s.cases) {
        if (count++ == kMaxTasks) break;
        tasks += Task(c.name, Bad(c), start_ms, c.seconds);
      }
      continue;
    } else {
      tasks += Task(s.name, bad, start_ms, end - s.started);
    }
    ++count;
  }
  return "### Timeline\n\n```mermaid\ngantt\n    title " + TaskName(facts.title) +
         "\n    dateFormat x\n    axisFormat %H:%M:%S\n" + tasks + "```\n\n";
}

}  // namespace

std::string Summary(const Report& report, const SummaryFacts& facts) {
  std::string out = Outcome(facts) + Changes(report) + Verdicts(report, "Gate", {"gate"}) +
                    Verdicts(report, "Checks", {"checks", "rollback-checks"}) + Failures(report) +
                    Timeline(report, facts);
  if (out.size() > kSummaryLimit) {  // not reached with the caps above; a guard all the same
    const std::string cut = "\n\n… (cut at GitHub's limit)\n";
    out = Head(out, kSummaryLimit - cut.size() - 3) + cut;  // Head adds "…", 3 bytes
  }
  return out;
}

}  // namespace qareports::report
