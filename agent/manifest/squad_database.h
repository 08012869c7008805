// SQUAD's DATABASE setting as SQUAD 1.89 reads it (squad/settings.py): the
// text split on ':' (and the white space around it; a ':' right after a '"'
// does not split, so that JSON objects survive), each item on its first
// '=', each value through json.loads when it parses. A value substituted
// into it that SQUAD would split, cut or retype is refused here, before
// anything changes: a ':' in a password crash-loops every pod, and a
// password `null` silently drops it. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifest/placeholders.h"

namespace qareports::manifest {

// For a DATABASE template such as "NAME=${database_name}:PASSWORD=${secret:
// DATABASE_PASSWORD}", one message per placeholder whose value SQUAD would
// misread, naming the placeholder and never its value. A secret that cannot
// be had is not judged (the renderer says it is missing).
std::vector<std::string> SquadDatabaseProblems(const std::string& text, const std::map<std::string, std::string>& values,
                                               const SecretLookup& secret);

}  // namespace qareports::manifest
