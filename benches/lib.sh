# Shared helpers for the HTTP benchmarks: start the release server on a fresh database, run wrk, and
# compare a URL with nginx serving the same bytes from a file (the limit for serving those bytes here).
# Source it from a benchmark script; see benches/README.md.

bench_init() {
    cd "$(dirname "${BASH_SOURCE[1]}")/.."
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hoinghi/target}
    export PATH="${HOINGHI_CACHE:-$HOME/.cache/hoinghi}/binaryen/node_modules/.bin:$PATH"
    # HOINGHI_BIN: a binary of your own (the shared target directory's may be another worktree's build).
    BIN=${HOINGHI_BIN:-$CARGO_TARGET_DIR/release/hoinghi}
    if [ ! -x "$BIN" ] || [ "${BENCH_BUILD:-1}" = 1 ]; then
        source scripts/lib/site.sh
        build_site >&2
    fi
    command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
    BENCH_TMP=$(mktemp -d /tmp/hoinghi-bench.XXXXXX)
    DURATION=${DURATION:-10}
    CONNECTIONS=${CONNECTIONS:-16}
    trap bench_cleanup EXIT
}

bench_cleanup() {
    [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -f "${BENCH_TMP:-/nonexistent}/nginx.pid" ] && kill "$(cat "$BENCH_TMP/nginx.pid")" 2>/dev/null
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

# bench_nginx: nginx serving $BENCH_TMP/static on its own port, as a plain web server would (sendfile,
# no logging, two workers for the two cores); sets NGINX.
bench_nginx() {
    command -v nginx >/dev/null || { echo "nginx not found (apt-get install nginx-light)" >&2; exit 1; }
    [ -n "${NGINX:-}" ] && return 0
    mkdir -p "$BENCH_TMP/static" "$BENCH_TMP/nginx"
    # nginx's workers drop to an unprivileged user when started as root: they must be able to read the files.
    chmod 755 "$BENCH_TMP" "$BENCH_TMP/static"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$BENCH_TMP/nginx.conf" <<CONF
worker_processes 2;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    default_type text/html;
    client_body_temp_path $BENCH_TMP/nginx;
    proxy_temp_path $BENCH_TMP/nginx;
    fastcgi_temp_path $BENCH_TMP/nginx;
    uwsgi_temp_path $BENCH_TMP/nginx;
    scgi_temp_path $BENCH_TMP/nginx;
    server { listen 127.0.0.1:$port; root $BENCH_TMP/static; }
}
CONF
    nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP" 2>/dev/null || nginx -c "$BENCH_TMP/nginx.conf" -p "$BENCH_TMP"
    NGINX=http://127.0.0.1:$port
    # Wait until nginx accepts connections (curl's 7); any HTTP answer, even 403 for the empty root, will do.
    local rc
    for _ in $(seq 50); do
        rc=0
        curl -s -o /dev/null "$NGINX/" 2>/dev/null || rc=$?
        [ "$rc" -ne 7 ] && break
        sleep 0.1
    done
}

# bench_compare NAME PATH [extra curl args…]: the URL against nginx serving the same bytes from a file,
# which is as fast as serving them gets on this machine.
bench_compare() {
    local name=$1 path=$2; shift 2
    bench_nginx
    local file
    file="$(echo "$name" | tr -c 'a-z0-9' '-').html"
    curl -sf "$BASE$path" "$@" -o "$BENCH_TMP/static/$file"
    local size dyn stat
    size=$(stat -c %s "$BENCH_TMP/static/$file")
    dyn=$(bench_wrk "$BASE$path")
    stat=$(bench_wrk "$NGINX/$file")
    LAST_STATIC=$NGINX/$file
    python3 - "$name" "$size" $dyn $stat <<'PY'
import sys
name, size, drps, dp99, srps, sp99 = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:7])
print(f"{name}: {size} bytes")
print(f"  hoinghi  {drps:10.0f} req/s   p99 {dp99:7.2f} ms")
print(f"  nginx    {srps:10.0f} req/s   p99 {sp99:7.2f} ms   (same bytes from a file)")
print(f"  ratio    {drps / srps:10.2f}  (hoinghi / nginx throughput)")
PY
}
