#!/usr/bin/env bash
# Registration under a stampede: ATTEMPTS public registrations (default 10,000) from CONCURRENCY clients
# (default 64) at a conference of 500 seats, a class of 40 (2 seats per unit) and unit quotas of 5,
# waiting list on (so 9,000+ wait), with about 3% repeated emails and 1% retried submissions. Runs on
# SQLite, then on a throw-away PostgreSQL (fsync on), release server; prints registrations/s and latency
# overall and per block of 1,000, then the checks (tests/src/bin/registration_load.rs).
# ENGINES=sqlite or ENGINES=postgres runs one only; CARGO=hcargo builds through the worktree wrapper.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source scripts/lib/postgres.sh
bench_init
ATTEMPTS=${ATTEMPTS:-10000}
CONCURRENCY=${CONCURRENCY:-64}
ENGINES=${ENGINES:-sqlite postgres}
# Optimised: the load generator shares the two cores with the server.
${CARGO:-cargo} build --release -q -p hoinghi-tests --bin registration_load
LOAD=$CARGO_TARGET_DIR/release/registration_load
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, $ATTEMPTS attempts, $CONCURRENCY concurrent clients"

run() {
    bench_token
    "$LOAD" "$BASE" "$TOKEN" "$ATTEMPTS" "$CONCURRENCY"
    bench_stop
}

if [[ " $ENGINES " == *" sqlite "* ]]; then
    echo "== SQLite"
    bench_server
    run
fi

if [[ " $ENGINES " == *" postgres "* ]]; then
    echo "== PostgreSQL (fsync on)"
    pg_throwaway_start on
    trap 'bench_cleanup; pg_throwaway_stop' EXIT
    bench_server "$HOINGHI_TEST_POSTGRES"
    run
fi
