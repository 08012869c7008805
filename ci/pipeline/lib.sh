# shellcheck shell=bash
# What every pipeline step shares, on GitLab and on GitHub alike: where the
# agent is, where reports go, and how it is run. Sourced, not run.
#
# Settings (CI variables), all optional:
#   QAREPORTS_BIN      the agent to run (default: the one `build` left in
#                      .qareports/bin, else `qareports` on PATH)
#   QAREPORTS_REPORTS  where JUnit files, plans and summaries go (reports)
#   QAREPORTS_OPTIONS  more options for every run (e.g. --kubeconfig FILE -v)
#   QAREPORTS_AWS_ROLE_ARN  with GitLab's QAREPORTS_ID_TOKEN: the AWS role to assume
set -euo pipefail

QAREPORTS_REPORTS="${QAREPORTS_REPORTS:-reports}"
mkdir -p "$QAREPORTS_REPORTS"

# GitLab's OIDC token (the jobs' id_tokens) and the CI role's ARN become the
# web identity that the AWS CLI (`aws eks get-token` in the kubeconfig), the
# SDKs and Terraform's AWS provider assume. The token stays in a file of the
# job's own checkout, never in an argument.
if [ -n "${QAREPORTS_ID_TOKEN:-}" ] && [ -n "${QAREPORTS_AWS_ROLE_ARN:-}" ]; then
  mkdir -p .qareports
  (umask 077 && printf '%s' "$QAREPORTS_ID_TOKEN" >.qareports/id-token)
  export AWS_WEB_IDENTITY_TOKEN_FILE="$PWD/.qareports/id-token" AWS_ROLE_ARN="$QAREPORTS_AWS_ROLE_ARN"
  export AWS_ROLE_SESSION_NAME="qareports-${CI_JOB_ID:-job}"
fi

qareports_bin() {
  if [ -n "${QAREPORTS_BIN:-}" ]; then
    echo "$QAREPORTS_BIN"
  elif [ -x .qareports/bin/qareports ]; then
    echo "$PWD/.qareports/bin/qareports"
  elif command -v qareports >/dev/null 2>&1; then
    command -v qareports
  else
    echo "ci/pipeline: no qareports: run ci/pipeline/build first, or set QAREPORTS_BIN" >&2
    return 69
  fi
}

# qareports ENVIRONMENT COMMAND [ARGS...], with QAREPORTS_OPTIONS added.
qareports() {
  local bin
  bin="$(qareports_bin)"
  local -a options=()
  # Word-split on purpose: QAREPORTS_OPTIONS holds several options.
  read -r -a options <<<"${QAREPORTS_OPTIONS:-}"
  "$bin" "$@" "${options[@]}"
}

# The environment a pipeline deploys: production for a release tag, else staging.
pipeline_environment() {
  if [ -n "${CI_COMMIT_TAG:-}" ] || [ "${GITHUB_REF_TYPE:-}" = tag ]; then echo production; else echo staging; fi
}
