# Throw-away PostgreSQL for tests and benchmarks: a fresh cluster in a temporary folder, on its own port,
# removed when the calling script exits. Source this file, then call `pg_throwaway_start [fsync]`;
# it exports HOINGHI_TEST_POSTGRES (an admin URL) and stops the server on exit. PG_OPTIONS adds server
# settings (e.g. "-c shared_preload_libraries=pg_stat_statements" to see where a benchmark's time goes).
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.

pg_bin_dir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
    echo "$d"
}

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pg_throwaway_start() {
    local fsync=${1:-off} bin
    bin=$(pg_bin_dir) || return 1
    PG_TMP=$(mktemp -d /tmp/hoinghi-pg.XXXXXX)
    chmod 755 "$PG_TMP"
    [ "$(id -u)" = 0 ] && chown postgres: "$PG_TMP"
    PG_PORT=$(pg_free_port)
    pg_as_owner "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    pg_as_owner "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
        -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=$fsync -c max_connections=300 -c shared_buffers=256MB ${PG_OPTIONS:-}" \
        start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
    export HOINGHI_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    trap pg_throwaway_stop EXIT
    echo "throw-away PostgreSQL on port $PG_PORT ($PG_TMP)" >&2
}

pg_throwaway_stop() {
    [ -n "${PG_TMP:-}" ] || return 0
    pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=
}
