#!/usr/bin/env bash
# The public agenda of a conference with 2 days, 4 rooms and 120 sessions (created through the JSON API),
# against nginx serving the same bytes from a file: release build, 16 connections. Then the same
# page with the page cache turned off, to show what rendering itself costs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
bench_server
bench_token
python3 benches/agenda_data.py "$BASE" "$TOKEN" bench >&2
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
bench_compare "agenda page, 2 days, 4 rooms, 120 sessions (cached per published version)" "/c/bench/agenda"
bench_stop
export HOINGHI_PAGE_CACHE=false
bench_server "$DATABASE_URL"
set -- $(bench_wrk "$BASE/c/bench/agenda")
printf 'agenda page rendered on every request (page cache off)\n  dynamic  %10.0f req/s   p99 %7.2f ms\n' "$1" "$2"
