#!/usr/bin/python3
"""Writes every shell script of the pipelines to OUTDIR, one file each, for
shellcheck: the `run:` of GitHub workflows and composite actions (with
`${{ }}` expressions made plain words, as actionlint does), and the
`script:`/`before_script:`/`after_script:` lines of GitLab jobs. Prints
how many it wrote; exits 1 when a file cannot be read as YAML.

  extract_scripts.py OUTDIR FILE...
"""
import os
import re
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def github_runs(node, where, out):
    if isinstance(node, dict):
        run = node.get("run")
        if isinstance(run, str):
            out.append((where, EXPRESSION.sub("EXPRESSION", run)))
        for key, value in node.items():
            github_runs(value, f"{where}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            github_runs(value, f"{where}[{i}]", out)


def gitlab_scripts(document, where, out):
    for job, body in (document or {}).items():
        if not isinstance(body, dict):
            continue
        for key in ("before_script", "script", "after_script"):
            lines = body.get(key)
            if isinstance(lines, str):
                lines = [lines]
            if isinstance(lines, list):
                out.append((f"{where}:{job}.{key}", "\n".join(str(line) for line in lines)))


def main():
    outdir, files = sys.argv[1], sys.argv[2:]
    scripts = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        if ".github/" in path or os.path.basename(path) == "action.yml":
            github_runs(document, path, scripts)
        else:
            gitlab_scripts(document, path, scripts)
    for n, (where, text) in enumerate(scripts):
        with open(os.path.join(outdir, f"{n:03d}.sh"), "w", encoding="utf-8") as f:
            f.write(f"#!/usr/bin/env bash\n# {where}\n{text}\n")
    print(len(scripts))


main()
