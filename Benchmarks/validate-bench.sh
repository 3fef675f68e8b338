#!/usr/bin/env bash
# Benchmark for `jmr-apply validate` and a no-op `jmr-apply plan` on 10,000 plans (~1 MB).
# Compares them with a bare libyaml event scan of the same file (Benchmarks/bare-scan.c),
# side by side, in one run. Targets: validate <= 1.5x the bare scan with peak RSS <= 40 MB;
# a no-op plan against a 10,000-entry state <= 1.3x validate.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product jmr-apply >/dev/null
bin=$(swift build -c release --show-bin-path)
cc -O2 -o "$work/bare-scan" Benchmarks/bare-scan.c $(pkg-config --cflags --libs yaml-0.1)
python3 Benchmarks/generate-plans.py 10000 "$work/plans.yaml" "$work/state.json"
echo "input: $(wc -c <"$work/plans.yaml") bytes of plans.yaml (10,000 plans), $(wc -c <"$work/state.json") bytes of state; $runs runs each, interleaved"
"$bin/jmr-apply" plan "$work/plans.yaml" --state "$work/state.json" --detailed-exitcode >/dev/null \
  || { echo "the generated state does not match the plans (plan is not a no-op)"; exit 1; }

python3 Benchmarks/measure.py "$runs" \
  "bare libyaml scan" "$work/bare-scan $work/plans.yaml" \
  "jmr-apply validate" "$bin/jmr-apply validate $work/plans.yaml" \
  "jmr-apply plan (no-op)" "$bin/jmr-apply plan $work/plans.yaml --state $work/state.json"
