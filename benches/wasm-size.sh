#!/usr/bin/env bash
# Size of the WebAssembly bundle and its JavaScript glue after a release build (wasm-opt -Oz): raw, gzip -9
# (what browsers download when the server or CDN compresses) and brotli when available.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hoinghi/target}
export PATH="${HOINGHI_CACHE:-$HOME/.cache/hoinghi}/binaryen/node_modules/.bin:$PATH"
[ "${BENCH_BUILD:-1}" = 1 ] && cargo leptos build --release --precompress >&2
for f in target/site/pkg/hoinghi.wasm target/site/pkg/hoinghi.js target/site/pkg/hoinghi.css; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    printf '%-28s raw %8d B   gzip %8d B\n' "$(basename "$f")" "$raw" "$gz"
done
