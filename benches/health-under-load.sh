#!/usr/bin/env bash
# /healthz while the server works hard: four large PDFs (two sign-in sheets, two badge sheets of a
# conference of DELEGATES confirmed delegates, default 1,200) and 40 sign-ins (argon2, forty accounts) at once, on
# SQLite; release server. Prints /healthz p50, p99 and slowest alone and under that load, and each PDF's
# time and size (tests/src/bin/health_load.rs). CARGO=hcargo builds through the worktree wrapper.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
DELEGATES=${DELEGATES:-1200}
${CARGO:-cargo} build --release -q -p hoinghi-tests --bin health_load
LOAD=$CARGO_TARGET_DIR/release/health_load
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores"
# Sign-ins come from forty offices (X-Forwarded-For), as behind the site's proxy.
HOINGHI_TRUST_PROXY=true bench_server
bench_token
for n in $(seq 40); do
    HOINGHI_ADMIN_PASSWORD="benchmark password 2026" "$BIN" create-admin --email "bench+$n@hoinghi.local" --name "Tổ Chức $n" >/dev/null
done
"$LOAD" "$BASE" "$TOKEN" bench@hoinghi.local "benchmark password 2026" "$DELEGATES"
