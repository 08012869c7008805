#!/usr/bin/python3
"""Writes a git fast-import stream for a repository with FILES files and
COMMITS commits: one commit with every file and the SQUAD pin, then commits
that each change one file, bumping the pin every 997th commit. Deterministic."""
import sys

commits, files = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
PIN = "pipelines/environments.yml"


def config(minor):
    return ("squad:\n  image: squadproject/squad\n  version: \"1.%d\"\n"
            "environments:\n  staging:\n    kube: {context: eks, namespace: qareports-staging}\n" % minor).encode()


def path(i):
    return "src/d%03d/f%05d.txt" % (i % 100, i)


def blob(data):
    out.write(b"data %d\n" % len(data) + data + b"\n")


when = 1700000000
minor = 0
for n in range(commits):
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.org> %d +0000\n" % (when + n))
    blob(b"commit %d" % n)
    if n == 0:
        for i in range(files):
            out.write(b"M 100644 inline %s\n" % path(i).encode())
            blob(b"file %d\n" % i)
        out.write(b"M 100644 inline %s\n" % PIN.encode())
        blob(config(minor))
        continue
    i = (n * 7919) % files
    out.write(b"M 100644 inline %s\n" % path(i).encode())
    blob(b"file %d version %d\n" % (i, n))
    if n % 997 == 0 or n == commits - 1:
        minor += 1
        out.write(b"M 100644 inline %s\n" % PIN.encode())
        blob(config(minor))
out.write(b"done\n")
