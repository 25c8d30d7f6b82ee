# Shared helpers for the HTTP benchmarks: start the release server on a fresh database, run wrk, and
# compare a dynamic URL with a static file of the same bytes served by the same server.
# Source it from a benchmark script; see benches/README.md.

bench_init() {
    cd "$(dirname "${BASH_SOURCE[1]}")/.."
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hoinghi/target}
    # HOINGHI_BIN: a binary of your own (the shared target directory's may be another worktree's build).
    BIN=${HOINGHI_BIN:-$CARGO_TARGET_DIR/release/hoinghi}
    if [ ! -x "$BIN" ] || [ "${BENCH_BUILD:-1}" = 1 ]; then
        ${CARGO:-cargo} leptos build --release >&2
    fi
    command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
    BENCH_TMP=$(mktemp -d /tmp/hoinghi-bench.XXXXXX)
    DURATION=${DURATION:-10}
    CONNECTIONS=${CONNECTIONS:-16}
    STATIC_FILES=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    for f in "${STATIC_FILES[@]}"; do rm -f "$f"; done
    rm -rf "$BENCH_TMP"
}

# bench_server [DATABASE_URL]: starts the server with the demo conference; sets BASE. Extra settings
# come from the environment (e.g. HOINGHI_PAGE_CACHE=false).
bench_server() {
    export DATABASE_URL=${1:-${DATABASE_URL:-sqlite://$BENCH_TMP/bench.db}}
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    BASE=http://127.0.0.1:$port
    export HOINGHI_ADDR=127.0.0.1:$port HOINGHI_SECRET=$(printf 'ab%.0s' {1..32}) HOINGHI_DEMO=true \
        HOINGHI_CONFIG=$BENCH_TMP/none.toml RUST_LOG=warn
    "$BIN" serve >"$BENCH_TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && return 0; sleep 0.1; done
    cat "$BENCH_TMP/server.log" >&2; return 1
}

# bench_stop: stops the server (the database stays for a restart).
bench_stop() {
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
}

# bench_token: an administrator and an API token for the running server's database; sets TOKEN.
bench_token() {
    HOINGHI_ADMIN_PASSWORD="benchmark password 2026" "$BIN" create-admin --email bench@hoinghi.local --name "Đo Hiệu Năng" >/dev/null
    TOKEN=$("$BIN" create-token --email bench@hoinghi.local --name benchmark)
}

# bench_wrk URL [extra wrk args…]: prints "requests/s p99_ms"
bench_wrk() {
    local url=$1; shift
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$BENCH_TMP/wrk.out"
    local rps p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' "$BENCH_TMP/wrk.out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$BENCH_TMP/wrk.out")
    errors=$(awk '/Non-2xx or 3xx/ {print $5}' "$BENCH_TMP/wrk.out")
    [ -n "$errors" ] && echo "warning: $errors non-2xx/3xx answers for $url" >&2
    echo "$rps $p99"
}

# bench_compare NAME PATH [extra wrk args…]: the URL against a static copy of its body on the same server.
bench_compare() {
    local name=$1 path=$2; shift 2
    # Under pkg/, which the server serves straight from disk (with 304 answers), as a CDN-less site would.
    local static="target/site/pkg/bench-$(echo "$name" | tr -c 'a-z0-9' '-').html"
    curl -sf "$BASE$path" "$@" -o "$static"
    STATIC_FILES+=("$static")
    local size dyn stat
    size=$(stat -c %s "$static")
    dyn=$(bench_wrk "$BASE$path")
    stat=$(bench_wrk "$BASE/${static#target/site/}")
    python3 - "$name" "$size" $dyn $stat <<'PY'
import sys
name, size, drps, dp99, srps, sp99 = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:7])
print(f"{name}: {size} bytes")
print(f"  dynamic  {drps:10.0f} req/s   p99 {dp99:7.2f} ms")
print(f"  static   {srps:10.0f} req/s   p99 {sp99:7.2f} ms")
print(f"  ratio    {drps / srps:10.2f}  (dynamic / static throughput)")
PY
}
