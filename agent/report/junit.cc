#include "report/junit.h"

#include <pugixml.hpp>

#include <cstdio>
#include <set>
#include <sstream>
#include <utility>

#include "report/xml_text.h"

namespace qareports::report {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s < 0 ? 0.0 : s);
  return buf;
}

void Attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(XmlSafeText(value).c_str());
}

void Text(pugi::xml_node node, const std::string& value) {
  node.append_child(pugi::node_pcdata).set_value(XmlSafeText(value).c_str());
}

// GitLab keeps only the first of cases alike in classname and name: a later
// namesake is told apart by its rank ("web (2)").
std::string UniqueName(std::set<std::pair<std::string, std::string>>& seen, const std::string& classname,
                       const std::string& name) {
  std::string unique = name;
  for (int n = 2; !seen.insert({classname, unique}).second; ++n) unique = name + " (" + std::to_string(n) + ")";
  return unique;
}

void AddCase(pugi::xml_node suite, const TestSuite& s, const TestCase& c,
             std::set<std::pair<std::string, std::string>>& seen) {
  pugi::xml_node tc = suite.append_child("testcase");
  std::string classname = c.classname.empty() ? s.name : c.classname;
  Attr(tc, "name", UniqueName(seen, XmlSafeText(classname), XmlSafeText(c.name)));
  Attr(tc, "classname", classname);
  Attr(tc, "time", Seconds(c.seconds));
  const char* element = nullptr;
  switch (c.status) {
    case TestCase::Status::kPassed: break;
    case TestCase::Status::kFailed: element = "failure"; break;
    case TestCase::Status::kError: element = "error"; break;
    case TestCase::Status::kSkipped: element = "skipped"; break;
  }
  if (element) {
    pugi::xml_node detail = tc.append_child(element);
    Attr(detail, "message", c.message);
    if (c.status != TestCase::Status::kSkipped) Attr(detail, "type", c.type.empty() ? element : c.type);
    if (!c.body.empty()) Text(detail, c.body);
  }
  if (!c.output.empty()) Text(tc.append_child("system-out"), c.output);
}

}  // namespace

std::string ToJUnit(const Report& report) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("testsuites");
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  std::set<std::pair<std::string, std::string>> seen;
  for (const TestSuite& s : report.suites()) {
    pugi::xml_node suite = root.append_child("testsuite");
    Attr(suite, "name", s.name);
    Attr(suite, "tests", std::to_string(s.cases.size()));
    Attr(suite, "failures", std::to_string(s.Count(TestCase::Status::kFailed)));
    Attr(suite, "errors", std::to_string(s.Count(TestCase::Status::kError)));
    Attr(suite, "skipped", std::to_string(s.Count(TestCase::Status::kSkipped)));
    Attr(suite, "time", Seconds(s.Seconds()));
    if (!s.timestamp.empty()) Attr(suite, "timestamp", s.timestamp);
    for (const TestCase& c : s.cases) AddCase(suite, s, c, seen);
    tests += static_cast<int>(s.cases.size());
    failures += s.Count(TestCase::Status::kFailed);
    errors += s.Count(TestCase::Status::kError);
    skipped += s.Count(TestCase::Status::kSkipped);
    seconds += s.Seconds();
  }
  // Attributes of the root come first in the document, after the suites are counted.
  root.prepend_attribute("time") = Seconds(seconds).c_str();
  root.prepend_attribute("skipped") = skipped;
  root.prepend_attribute("errors") = errors;
  root.prepend_attribute("failures") = failures;
  root.prepend_attribute("tests") = tests;
  root.prepend_attribute("name") = XmlSafeText(report.name()).c_str();
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

Status WriteJUnit(const Report& report, const std::string& path, sys::FileSystem& fs) {
  return fs.WriteAtomic(path, ToJUnit(report));
}

}  // namespace qareports::report
