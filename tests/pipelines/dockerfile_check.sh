#!/bin/sh
# ci/dockerfile-check on a Dockerfile with every fault it looks for, and on
# a sound one: the faults are each named with their line, the sound one passes.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/context"
echo data >"$work/context/present.txt"
cat >"$work/Bad" <<'DOCKERFILE'
FROM debian:latest
COPY present.txt missing.txt /srv/
RUNN echo typo
RUN cd /srv && ls $UNQUOTED_DIR \
    | wc -l
USER root
DOCKERFILE
set +e
out=$(/usr/bin/python3 "$root/ci/dockerfile-check" "$work/Bad" "$work/context")
code=$?
set -e
echo "$out"
[ "$code" -eq 1 ] || { echo "expected exit 1, got $code"; exit 1; }
for expected in "Bad:1: FROM debian:latest: pin the image's tag" \
                "Bad:2: COPY missing.txt: no such file in the build context" \
                "Bad:3: unknown instruction 'RUNN'" \
                "the image must end with USER set to a user that is not root"; do
  echo "$out" | grep -qF "$expected" || { echo "missing: $expected"; exit 1; }
done
if command -v shellcheck >/dev/null 2>&1; then
  echo "$out" | grep -q "Bad:4: RUN: .*SC2086" || { echo "missing: shellcheck's SC2086 on line 4"; exit 1; }
fi
cat >"$work/Good" <<'DOCKERFILE'
FROM debian:12-slim
COPY present.txt /srv/
RUN useradd --create-home app \
 && ls /srv
USER app
DOCKERFILE
/usr/bin/python3 "$root/ci/dockerfile-check" "$work/Good" "$work/context"
