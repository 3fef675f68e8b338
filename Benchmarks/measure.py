#!/usr/bin/env python3
"""Runs commands side by side, interleaved, and prints median wall time and peak RSS.

usage: measure.py RUNS LABEL1 'CMD1' LABEL2 'CMD2' ...
Prints one line per command with its ratio to each earlier command.
Interleaving the runs (A B A B ...) keeps a noisy machine's drift out of the ratios.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024.0, code  # ru_maxrss is in KiB on Linux


def main():
    runs = int(sys.argv[1])
    pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
    results = {label: [] for label, _ in pairs}
    rss = {label: 0.0 for label, _ in pairs}
    for label, cmd in pairs:  # warm-up (page cache, dynamic linking)
        _, _, code = run_once(shlex.split(cmd))
        if code not in (0, 2):
            sys.exit(f"{label}: '{cmd}' exited {code}")
    for _ in range(runs):
        for label, cmd in pairs:
            wall, peak, _ = run_once(shlex.split(cmd))
            results[label].append(wall)
            rss[label] = max(rss[label], peak)
    medians = {label: statistics.median(results[label]) for label, _ in pairs}
    for index, (label, _) in enumerate(pairs):
        median = medians[label]
        ratios = "".join(f"  {median / medians[earlier]:.2f}x {earlier}" for earlier, _ in pairs[:index])
        print(f"{label:<24} median {median * 1000:8.1f} ms  (min {min(results[label]) * 1000:.1f})  peak RSS {rss[label]:6.1f} MB{ratios}")


if __name__ == "__main__":
    main()
