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

namespace {

struct Meaning {
  int code;
  const char* text;
};

constexpr Meaning kMeanings[] = {
    {kExitOk, "done, healthy"},
    {kExitFailed, "the job failed; the environment is in a known state"},
    {kExitChanges, "plan/drift with --detailed-exitcode: changes present"},
    {kExitUnsafe, "the environment may be in an unknown state: a human must look"},
    {kExitUsage, "usage error"},
    {kExitInvalidInput, "invalid input (config, manifest, kubeconfig, version), nothing changed"},
    {kExitUnavailable, "a dependency is unreachable, nothing changed"},
    {kExitLockHeld, "the deploy lock is held by another pipeline"},
};

}  // namespace

std::string ExitCodeMeaning(int code) {
  for (const Meaning& m : kMeanings) {
    if (m.code == code) return m.text;
  }
  return "";
}

std::string ExitCodeTable() {
  std::string table = "Exit codes:\n";
  for (const Meaning& m : kMeanings) {
    std::string number = std::to_string(m.code);
    table += std::string(4 - number.size(), ' ') + number + "  " + m.text + "\n";
  }
  return table;
}

}  // namespace qareports::cli
