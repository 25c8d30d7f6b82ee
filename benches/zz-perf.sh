#!/usr/bin/env bash
set -euo pipefail
source benches/lib.sh
bench_init
bench_server
curl -s -o /dev/null "$BASE/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017"
curl -sI "$BASE/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017" | head -30
wrk -t2 -c16 -d3s "$BASE/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017" | grep Requests
perf record -F 999 -g -p $SERVER_PID -o /tmp/perf.data -- sleep 4 >/dev/null 2>&1 &
sleep 0.2
wrk -t2 -c16 -d4s "$BASE/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017" | grep Requests
wait
