#!/bin/sh
# terraform fmt -check over the project's Terraform (terraform/) and the
# test fixtures: the AWS layers cannot be validated here (their providers
# cannot be downloaded), so their form is checked, and they are reviewed.
# Exits 77 (skipped) where terraform is not installed.
cd "$(dirname "$0")/../.." || exit 1
if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIPPED: terraform is not installed" >&2
  exit 77
fi
status=0
for dir in terraform tests/fixtures/terraform; do
  if ! TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive -diff "$dir"; then
    echo "terraform fmt -check failed in $dir: run terraform fmt -recursive $dir" >&2
    status=1
  fi
done
exit $status
