#!/usr/bin/env python3
"""Writes a plans file of N plans (about 120 bytes each) and, optionally, a state file
that records every plan exactly as jmr-apply would after applying it (so `plan` is a no-op).

usage: generate-plans.py N PLANS.yaml [STATE.json]
"""
import json
import sys
import uuid

WEEK = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def plan(i):
    hour, minute = i % 24, (i * 7) % 60
    if i % 3 == 0:
        schedule = ["0", str(minute), str(hour), "?", "*", WEEK[i % 7]]
    else:
        schedule = ["0", str(minute), str(hour), "*", "*", "?"]
    return {
        "name": f"plan-{i:05d}",
        "jobs": [str(1000 + i), str(5000 + i % 97)],
        "schedule": schedule,
        "description": f"Generated plan {i}",
    }


def main():
    n, plans_path = int(sys.argv[1]), sys.argv[2]
    plans = [plan(i) for i in range(n)]
    with open(plans_path, "w") as f:
        f.write("version: 1\nregion: cn-north-1\ndefaults:\n  cluster: jmr-bench01\n  failurePolicy: continue\nplans:\n")
        for p in plans:
            jobs = ", ".join(p["jobs"])
            f.write(f"  {p['name']}:\n    jobs: [{jobs}]\n    schedule: \"{' '.join(p['schedule'])}\"\n"
                    f"    description: {p['description']}\n")
    if len(sys.argv) > 3:
        names = ["time", "minute", "hour", "day", "month", "week"]
        records = {}
        for i, p in enumerate(plans):
            spec = {"cluster": "jmr-bench01", "jobs": p["jobs"], "schedule": dict(zip(names, p["schedule"])),
                    "description": p["description"], "failurePolicy": "continue", "enabled": True}
            records[p["name"]] = {"name": p["name"], "planId": 100000 + i, "spec": spec,
                                  "appliedAt": "2026-12-01T00:00:00Z", "requestId": f"bench-{i}"}
        state = {"formatVersion": 1, "lineage": str(uuid.uuid4()), "serial": 1, "region": "cn-north-1",
                 "endpoint": "http://127.0.0.1:1", "plans": records}
        with open(sys.argv[3], "w") as f:
            json.dump(state, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
