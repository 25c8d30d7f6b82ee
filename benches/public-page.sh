#!/usr/bin/env bash
# The public conference page, server-rendered, against nginx serving the same bytes from a
# file: 16 connections, release build, SQLite. DURATION=30 for longer runs; BENCH_BUILD=0 skips the
# build when the release binary is current.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
bench_server
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
bench_compare "public conference page" "/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017"
bench_compare "home page" "/"
