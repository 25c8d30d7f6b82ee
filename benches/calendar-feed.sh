#!/usr/bin/env bash
# The conference's calendar feed (2 days, 4 rooms, 120 sessions, created through the JSON API) against
# nginx serving the same bytes from a file: release build, 16 connections. Then the revalidation
# path calendar apps poll with: the feed answering 304 to If-None-Match, against the static file answering
# 304 to If-Modified-Since.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
bench_server
bench_token
python3 benches/agenda_data.py "$BASE" "$TOKEN" bench >&2
sleep 1.2 # the page cache reads the public revision once a second
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
bench_compare "conference feed, 120 sessions (text/calendar)" "/c/bench/calendar.ics"
feed=$BASE/c/bench/calendar.ics
static=$LAST_STATIC
etag=$(curl -sfI "$feed" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
modified=$(curl -sfI "$static" | awk -F': ' 'tolower($1) == "last-modified" {print $2}' | tr -d '\r')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$feed")" = 304 ] || { echo "feed gave no 304" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $modified" "$static")" = 304 ] || { echo "nginx gave no 304" >&2; exit 1; }
set -- $(bench_wrk "$feed" -H "If-None-Match: $etag") $(bench_wrk "$static" -H "If-Modified-Since: $modified")
python3 - "$@" <<'PY'
import sys
drps, dp99, srps, sp99 = map(float, sys.argv[1:5])
print("304 Not Modified (what polling calendar apps mostly get)")
print(f"  feed     {drps:10.0f} req/s   p99 {dp99:7.2f} ms")
print(f"  nginx    {srps:10.0f} req/s   p99 {sp99:7.2f} ms")
print(f"  ratio    {drps / srps:10.2f}  (feed / nginx throughput)")
PY
