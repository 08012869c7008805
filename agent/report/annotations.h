// GitHub's error annotations for invalid input: one `::error file=,line=,col=::`
// workflow command per "file:line:column: message" line of a 65 error, the
// file made relative to the workspace so that GitHub marks the line in the
// change. Pure.
#pragma once

#include <string>

namespace qareports::report {

// The workflow commands for `error_text` (one or more lines, each maybe
// starting with a place); a line with no place becomes an annotation of no
// file, and a line after a placed one continues its message. `workspace` is $GITHUB_WORKSPACE ("" when unset).
std::string GithubErrorAnnotations(const std::string& title, const std::string& error_text,
                                   const std::string& workspace);

}  // namespace qareports::report
