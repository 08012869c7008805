// A job's log cut into one collapsible part per phase, in the CI's own
// markup: GitLab's section_start/section_end lines, GitHub's ::group::
// and ::endgroup::; nothing in a plain log. Pure: returns the lines.
#pragma once

#include <string>

#include "report/ci_system.h"

namespace qareports::report {

struct Section {
  std::string id;     // the phase ("rollout"); made safe for GitLab's section names
  std::string title;  // the heading shown, one line
  bool collapsed = false;
};

// The line opening `section` at `epoch` (Unix seconds), "" in a plain log.
std::string SectionStart(CiSystem ci, const Section& section, long epoch);
// The line closing it, "" in a plain log.
std::string SectionEnd(CiSystem ci, const Section& section, long epoch);

}  // namespace qareports::report
