// The holder of a Terraform state lock, from the `Lock Info:` block of
// "Error acquiring the state lock" (ID, Path, Operation, Who, Version,
// Created). Pure.
#pragma once

#include <optional>
#include <string>

namespace qareports::terraform {

struct LockInfo {
  std::string id, path, operation, who, version, created;

  // "root@runner-7 (OperationTypeApply, since 2026-11-27 18:51:15 UTC, lock ID 23197a2f-...)"
  std::string Describe() const;
};

// nullopt when `detail` has no Lock Info block.
std::optional<LockInfo> ParseLockInfo(const std::string& detail);

}  // namespace qareports::terraform
