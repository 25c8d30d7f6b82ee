#!/usr/bin/env bash
# Registration under a stampede: ATTEMPTS public registrations (default 2000) from CONCURRENCY clients
# (default 64) at a conference of 500 seats, a class of 40 and unit quotas of 5, waiting list on, with
# about 3% repeated emails. Runs on SQLite, then on a throw-away PostgreSQL (fsync on), release server;
# prints registrations/s and latency, then the limit checks (tests/src/bin/registration_load.rs).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source scripts/lib/postgres.sh
bench_init
ATTEMPTS=${ATTEMPTS:-2000}
CONCURRENCY=${CONCURRENCY:-64}
cargo build -q -p hoinghi-tests --bin registration_load
LOAD=$CARGO_TARGET_DIR/debug/registration_load
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, $ATTEMPTS attempts, $CONCURRENCY concurrent clients"

run() {
    bench_token
    "$LOAD" "$BASE" "$TOKEN" "$ATTEMPTS" "$CONCURRENCY"
    bench_stop
}

echo "== SQLite"
bench_server
run

echo "== PostgreSQL"
pg_throwaway_start on
trap 'bench_cleanup; pg_throwaway_stop' EXIT
bench_server "$HOINGHI_TEST_POSTGRES"
run
