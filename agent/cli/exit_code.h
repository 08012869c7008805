// The process exit codes of DESIGN.md's table; the only place that knows the
// numbers. Pure.
#pragma once

#include <string>

#include "util/result.h"

namespace qareports::cli {

enum ExitCode : int {
  kExitOk = 0,             // done, healthy
  kExitFailed = 1,         // failed, environment in a known state
  kExitChanges = 2,        // plan/drift --detailed-exitcode: changes present
  kExitUnsafe = 3,         // environment may be in an unknown state
  kExitUsage = 64,         // usage error
  kExitInvalidInput = 65,  // invalid config, manifest, kubeconfig, version
  kExitUnavailable = 69,   // a dependency is unreachable before any change
  kExitLockHeld = 75,      // the deploy lock is held by another pipeline
};

int ExitCodeFor(const Error& error);

// What `code` tells a pipeline ("done, healthy"); "" for a code not in the table.
std::string ExitCodeMeaning(int code);

// The table as text, for --help and the README.
std::string ExitCodeTable();

}  // namespace qareports::cli
