#include "cli/exit_code.h"

namespace qareports::cli {

int ExitCodeFor(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kUsage: return kExitUsage;
    case ErrorKind::kInvalidInput: return kExitInvalidInput;
    case ErrorKind::kUnavailable: return kExitUnavailable;
    case ErrorKind::kLockHeld: return kExitLockHeld;
    case ErrorKind::kFailed: return kExitFailed;
    case ErrorKind::kUnsafe: return kExitUnsafe;
  }
  return kExitUnsafe;
}

const char* ExitCodeTable() {
  return "Exit codes:\n"
         "   0  done, healthy\n"
         "   1  the job failed; the environment is in a known state\n"
         "   2  plan/drift with --detailed-exitcode: changes present\n"
         "   3  the environment may be in an unknown state: a human must look\n"
         "  64  usage error\n"
         "  65  invalid input (config, manifest, kubeconfig, version), nothing changed\n"
         "  69  a dependency is unreachable, nothing changed\n"
         "  75  the deploy lock is held by another pipeline\n";
}

}  // namespace qareports::cli
