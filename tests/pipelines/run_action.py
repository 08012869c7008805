#!/usr/bin/python3
"""Runs a composite action's steps as GitHub's runner does, for a test:
each `run:` with `bash --noprofile --norc -eo pipefail`, its `env:` with
`${{ inputs.NAME }}` replaced by the input given (or its default), and
GITHUB_ACTION_PATH set; the caller's environment (GITHUB_OUTPUT, ...) is
passed on. Stops at the first step that fails, with its exit code.

  run_action.py ACTION_DIR NAME=VALUE...
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml


def main():
    action_dir = sys.argv[1]
    given = dict(arg.split("=", 1) for arg in sys.argv[2:])
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = {}
    for name, spec in (action.get("inputs") or {}).items():
        if name in given:
            inputs[name] = given.pop(name)
        elif spec.get("required"):
            sys.exit(f"input {name} is required")
        else:
            inputs[name] = str(spec.get("default", ""))
    if given:
        sys.exit(f"the action has no input {', '.join(given)}")
    if action["runs"]["using"] != "composite":
        sys.exit("not a composite action")

    def expand(text):
        return re.sub(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}", lambda m: inputs[m.group(1)], str(text))

    for step in action["runs"]["steps"]:
        if "run" not in step:
            sys.exit(f"step {step.get('name', '?')}: only run steps are run here")
        env = dict(os.environ, GITHUB_ACTION_PATH=os.path.abspath(action_dir))
        env.update({key: expand(value) for key, value in (step.get("env") or {}).items()})
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script:
            script.write(step["run"])
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script.name], env=env)
        os.unlink(script.name)
        if code != 0:
            sys.exit(code)


main()
