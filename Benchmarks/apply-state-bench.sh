#!/usr/bin/env bash
# Benchmark: `jmr-apply apply --parallelism 16` of 1,000 new plans with file state vs
# PostgreSQL state, side by side.
#
# Release build; one jmr-sim (no latency by default, so the state store's share of the
# time shows); one PostgreSQL sandbox (scripts/postgres-sandbox) with durable commits
# (fsync and synchronous_commit on, as the file store fsyncs). Each run starts from a
# reset simulator and a fresh state (a new file, or a new workspace); the two stores
# alternate which goes first. Prints the median wall time of each and the ratio pg/file,
# then the 10,000-plan load+save figures of Benchmarks/state-store-bench.sh.
#
# Environment: PLANS (1000), RUNS (5), PARALLELISM (16), LATENCY_MS (0),
#   DURABLE (1: fsync on in PostgreSQL; 0: the sandbox's fsync off),
#   STORE_RUNS (5: runs of state-store-bench.sh; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${PLANS:-1000}
runs=${RUNS:-5}
parallelism=${PARALLELISM:-16}
latency=${LATENCY_MS:-0}
durable=${DURABLE:-1}
store_runs=${STORE_RUNS:-5}
access_key=AKIDBENCH0001
secret_key=bench/Secret+Key==0001
work=$(mktemp -d)
sandbox=/tmp/jmr-apply-state-bench-pg-$$
sim_pid=""

cleanup() {
    if [[ -n "$sim_pid" ]]; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
        sim_pid=""
    fi
    scripts/postgres-sandbox stop "$sandbox" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# Built as state-store-bench.sh builds (-enable-testing, for its release test run), so one
# release build serves both; both stores run the same binary, so the ratio is unaffected.
flags=()
[[ -f Benchmarks/state-store-bench.sh ]] && flags=(-Xswiftc -enable-testing)
echo "building (release)..." >&2
swift build -c release --product jmr-apply "${flags[@]}" >/dev/null
swift build -c release --product jmr-sim "${flags[@]}" >/dev/null
bin=$(swift build -c release --show-bin-path)

python3 Benchmarks/generate-plans.py "$plans" "$work/plans.yaml"

url=$(scripts/postgres-sandbox start "$sandbox" --owner-pid $$)
psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql
[[ -x "$psql_bin" ]] || psql_bin=psql
if [[ "$durable" == 1 ]]; then
    "$psql_bin" -X -q -d "$url" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
        -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
fi

"$bin/jmr-sim" --port 0 --quiet --access-key "$access_key" --secret-key "$secret_key" \
    --latency-ms "$latency" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
endpoint=""
for _ in $(seq 200); do
    endpoint=$(grep -o 'http://[^ ]*' "$work/sim.out" || true)
    [[ -n "$endpoint" ]] && break
    sleep 0.05
done
[[ -n "$endpoint" ]] || { echo "jmr-sim did not start: $(cat "$work/sim.err")" >&2; exit 1; }

# One timed apply on a reset simulator; prints the wall time in seconds.
timed_apply() {
    local kind=$1 run=$2
    local state_arguments
    if [[ "$kind" == file ]]; then
        rm -f "$work"/state.json*
        state_arguments=(--state "$work/state.json")
    else
        state_arguments=(--state "$url" --workspace "bench-$$-$run")
    fi
    curl -fsS -X POST "$endpoint/__sim/reset" >/dev/null
    local start end
    start=$(date +%s%N)
    if ! JDCLOUD_ACCESS_KEY=$access_key JDCLOUD_SECRET_KEY=$secret_key \
        "$bin/jmr-apply" apply "$work/plans.yaml" "${state_arguments[@]}" --endpoint "$endpoint" \
        --parallelism "$parallelism" >"$work/apply.out" 2>"$work/apply.err"; then
        echo "jmr-apply ($kind) failed: $(tail -c 2000 "$work/apply.err")" >&2
        exit 1
    fi
    end=$(date +%s%N)
    grep -q "Apply complete: $plans created" "$work/apply.out" \
        || { echo "jmr-apply ($kind) did not create $plans plans: $(tail -n 3 "$work/apply.out")" >&2; exit 1; }
    # The number of saves: the final serial.
    if [[ "$kind" == file ]]; then
        python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["serial"])' "$work/state.json" >"$work/saves.file"
    else
        "$psql_bin" -X -q -A -t -d "$url" -c "SELECT serial FROM jmr_apply.states WHERE workspace = 'bench-$$-$run'" >"$work/saves.pg"
    fi
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "apply of $plans new plans, --parallelism $parallelism, jmr-sim latency ${latency} ms, $runs runs each (PostgreSQL fsync $([[ "$durable" == 1 ]] && echo on || echo off))"
file_times=() pg_times=()
for run in $(seq "$runs"); do
    if ((run % 2)); then order=(file pg); else order=(pg file); fi
    for kind in "${order[@]}"; do
        t=$(timed_apply "$kind" "$run")
        if [[ "$kind" == file ]]; then file_times+=("$t"); else pg_times+=("$t"); fi
    done
    echo "  run $run: file ${file_times[-1]} s, postgres ${pg_times[-1]} s  (saves: file $(cat "$work/saves.file"), postgres $(cat "$work/saves.pg"))"
done
file_median=$(printf '%s\n' "${file_times[@]}" | median)
pg_median=$(printf '%s\n' "${pg_times[@]}" | median)
printf 'file state:      %s s (median)\n' "$file_median"
printf 'postgres state:  %s s (median)\n' "$pg_median"
awk -v p="$pg_median" -v f="$file_median" 'BEGIN { printf "ratio pg/file:   %.2f\n", p / f }'

cleanup
trap - EXIT

if [[ -f Benchmarks/state-store-bench.sh && "$store_runs" != 0 ]]; then
    echo
    echo "10,000-plan state, load + save (Benchmarks/state-store-bench.sh, $store_runs runs):"
    RUNS=$store_runs bash Benchmarks/state-store-bench.sh
fi
