#!/usr/bin/env bash
# Benchmark for `jmr-apply apply`: 1,000 new plans against jmr-sim answering every call
# after 20 ms, with --parallelism 16 and a fresh state file.
#
# The ideal wall time is (API calls) x 20 ms / 16: the calls the simulator saw, sixteen at
# a time, with nothing else in the way. Target: wall / ideal <= 1.25.
#
# Environment: PLANS (1000), LATENCY_MS (20), PARALLELISM (16), RUNS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${PLANS:-1000}
latency=${LATENCY_MS:-20}
parallelism=${PARALLELISM:-16}
runs=${RUNS:-1}
access_key=AKIDBENCH0001
secret_key=bench/Secret+Key==0001
work=$(mktemp -d)
sim_pid=""

stop_simulator() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
    sim_pid=""
  fi
}
trap 'stop_simulator; rm -rf "$work"' EXIT

swift build -c release --product jmr-apply >/dev/null
swift build -c release --product jmr-sim >/dev/null
bin=$(swift build -c release --show-bin-path)

# N plans, about 150 bytes each, with varied schedules.
python3 - "$plans" "$work/plans.yaml" <<'EOF'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
week = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
with open(path, "w") as f:
    f.write("version: 1\nregion: cn-north-1\ndefaults:\n  cluster: jmr-bench01\n  failurePolicy: continue\n  type: cron\nplans:\n")
    for i in range(n):
        hour, minute = i % 24, (i * 7) % 60
        schedule = f"0 {minute} {hour} ? * {week[i % 7]}" if i % 3 == 0 else f"0 {minute} {hour} * * ?"
        f.write(f"  bench-plan-{i:05d}:\n    jobs: [{1000 + i}, {5000 + i % 97}]\n"
                f"    schedule: \"{schedule}\"\n    description: Generated plan {i}\n")
EOF

for run in $(seq "$runs"); do
  rm -f "$work"/state.json*
  : >"$work/sim.out"
  "$bin/jmr-sim" --port 0 --quiet --access-key "$access_key" --secret-key "$secret_key" \
    --latency-ms "$latency" >"$work/sim.out" 2>"$work/sim.err" &
  sim_pid=$!
  url=""
  for _ in $(seq 200); do
    url=$(grep -o 'http://[^ ]*' "$work/sim.out" || true)
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "jmr-sim did not start: $(cat "$work/sim.err")"; exit 1; }

  JDCLOUD_ACCESS_KEY=$access_key JDCLOUD_SECRET_KEY=$secret_key \
    python3 - "$url" "$latency" "$parallelism" "$plans" "$work/state.json" \
    "$bin/jmr-apply" apply "$work/plans.yaml" --state "$work/state.json" --endpoint "$url" \
    --parallelism "$parallelism" --output json <<'EOF'
import json, subprocess, sys, time, urllib.request
import os
url, latency, parallelism, plans, state = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
command = sys.argv[6:]
start = time.perf_counter()
proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
if proc.returncode != 0:
    sys.exit(f"jmr-apply exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
report = json.loads(proc.stdout)
created = sum(1 for r in report["results"] if r["outcome"] == "created")
with urllib.request.urlopen(url + "/__sim/stats") as response:
    stats = json.load(response)
calls = sum(stats["calls"].values())
ideal = calls * latency / 1000 / parallelism
ratio = wall / ideal
print(f"plans created:   {created} of {plans}")
print(f"API calls:       {calls} ({', '.join(f'{k} {v}' for k, v in sorted(stats['calls'].items()))})")
print(f"wall time:       {wall:.2f} s")
print(f"ideal:           {ideal:.2f} s  ({calls} calls x {latency} ms / {parallelism})")
print(f"ratio:           {ratio:.2f}  (target <= 1.25{', MET' if ratio <= 1.25 else ', NOT MET'})")
with open(state) as f:
    saves = json.load(f)["serial"]
print(f"state saves:     {saves} of the final {os.path.getsize(state) // 1024} KB state (group commit; 2 steps per create)")
EOF
  stop_simulator
done
