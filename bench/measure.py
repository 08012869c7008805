#!/usr/bin/python3
"""Runs a command (or a sequence of commands run one after the other) REPEAT
times through bench/rss (which forks from a small process, so that peak RSS
is the command's own) and prints JSON: median and minimum wall time in
milliseconds (a sequence's times summed), median CPU time (user + system) and
the largest peak RSS in MiB. BENCH_OK_EXITS lists the exit codes that count as
success (default 0)."""
import json
import os
import statistics
import subprocess
import sys


OK_EXITS = [int(x) for x in os.environ.get("BENCH_OK_EXITS", "0").split(",")]


def run_once(rss, commands):
    wall, cpu, peak = 0.0, 0.0, 0
    for argv in commands:
        p = subprocess.run([rss] + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        result = json.loads(p.stderr.strip().splitlines()[-1])
        if result["exit"] not in OK_EXITS:
            raise SystemExit("%s exited %d" % (argv, result["exit"]))
        wall += result["ms"]
        cpu += result["cpu_ms"]
        peak = max(peak, result["maxrss_kib"])
    return wall, cpu, peak / 1024


def main():
    rss, repeat, commands = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    run_once(rss, commands)  # warm the page cache
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        wall, cpu, peak = run_once(rss, commands)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    print(json.dumps({"median_ms": round(statistics.median(walls), 2), "min_ms": round(min(walls), 2),
                      "cpu_ms": round(statistics.median(cpus), 2), "peak_rss_mib": round(max(peaks), 1)}))


main()
