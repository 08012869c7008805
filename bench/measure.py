#!/usr/bin/python3
"""Runs a command (or a sequence of commands run one after the other) REPEAT
times and prints JSON: median and minimum wall time in milliseconds, and the
peak resident set size in MiB of the largest process, read from wait4()."""
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(commands):
    peak = 0
    start = time.perf_counter()
    for argv in commands:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in (0,):
            raise SystemExit("%s exited %d" % (argv, p.returncode))
        peak = max(peak, usage.ru_maxrss)
    return (time.perf_counter() - start) * 1000, peak / 1024


def main():
    repeat = int(sys.argv[1])
    commands = json.loads(sys.argv[2])
    run_once(commands)  # warm the page cache
    walls, peaks = [], []
    for _ in range(repeat):
        wall, peak = run_once(commands)
        walls.append(wall)
        peaks.append(peak)
    print(json.dumps({"median_ms": round(statistics.median(walls), 2), "min_ms": round(min(walls), 2),
                      "peak_rss_mib": round(max(peaks), 1)}))


main()
