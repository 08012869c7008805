// The JUnit writer on any bytes, as names, messages and logs: the report is
// always well-formed XML that pugixml reads back with every case in it, and
// text that was valid XML comes back unchanged.
#include <pugixml.hpp>

#include "report/junit.h"
#include "report/xml_text.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qareports;
  std::string text = fuzz::Text(data, size);
  size_t third = text.size() / 3;
  std::string a = text.substr(0, third), b = text.substr(third, third), c = text.substr(2 * third);
  report::Report report(a);
  report::TestSuite& suite = report.Suite(b, c);
  report::TestCase passed = report::Case(b, a, c, static_cast<double>(size) / 7);
  passed.output = text;
  suite.cases.push_back(passed);
  report::TestCase failed = report::Case(a, c, b);
  report::Fail(failed, a, b, c);
  suite.cases.push_back(failed);
  std::string xml = report::ToJUnit(report);
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata)) __builtin_trap();
  size_t cases = 0;
  for (pugi::xml_node s : doc.child("testsuites").children("testsuite")) {
    for (pugi::xml_node tc : s.children("testcase")) {
      (void)tc;
      ++cases;
    }
  }
  if (cases != 2) __builtin_trap();
  pugi::xml_node out = doc.child("testsuites").child("testsuite").child("testcase").child("system-out");
  if (report::XmlSafeText(text) == text && text.find('\r') == std::string::npos && out.text().as_string() != text) {
    __builtin_trap();
  }
  return 0;
}
