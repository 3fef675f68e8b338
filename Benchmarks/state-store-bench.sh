#!/usr/bin/env bash
# Benchmark: load + save of a 10,000-plan state on PostgreSQL vs the state file.
#
# Starts a throwaway server (scripts/postgres-sandbox) with durable commits (fsync and
# synchronous_commit on, like the file store's fsync), generates a 10,000-plan state
# (Benchmarks/generate-plans.py when present, else the test's synthetic one), and runs
# LargeStateTests with JMR_STATE_BENCH=RUNS, which times interleaved load+save rounds
# on both stores and prints medians and the postgres/file ratios.
#
#   RUNS=11 CONFIG=release Benchmarks/state-store-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
config=${CONFIG:-release}
work=$(mktemp -d)
sandbox=/tmp/jmr-state-bench-pg-$$
trap 'scripts/postgres-sandbox stop "$sandbox" || true; rm -rf "$work"' EXIT

url=$(scripts/postgres-sandbox start "$sandbox" --owner-pid $$)
psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql
[[ -x "$psql_bin" ]] || psql_bin=psql
"$psql_bin" -X -q -d "$url" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null

generator=${GENERATOR:-Benchmarks/generate-plans.py}
if [[ -f "$generator" ]]; then
    python3 "$generator" 10000 "$work/plans.yaml" "$work/state.json"
    export JMR_STATE_BENCH_STATE="$work/state.json"
fi

# Other test targets use @testable imports, which a release build allows only with -enable-testing.
swift build -c "$config" --build-tests -Xswiftc -enable-testing >/dev/null
JMR_TEST_POSTGRES_URL=$url JMR_STATE_BENCH=$runs \
    swift test -c "$config" --skip-build --filter 'LargeStateTests' 2>&1 \
    | grep -E '^(state:|file|postgres)' 
