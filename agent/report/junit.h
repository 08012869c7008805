// JUnit XML as GitLab's and GitHub's test-report parsers read it:
// testsuites / testsuite / testcase with failure, error, skipped and
// system-out, counts and times consistent. Writing touches one file.
#pragma once

#include <string>

#include "report/report.h"
#include "sys/file_system.h"
#include "util/result.h"

namespace qareports::report {

// The report as a JUnit XML document. Pure; any bytes in names and bodies
// yield well-formed XML.
std::string ToJUnit(const Report& report);

// Writes the document atomically: readers see the previous file or the whole
// new one. Failed when it cannot be written.
Status WriteJUnit(const Report& report, const std::string& path, sys::FileSystem& fs);

}  // namespace qareports::report
