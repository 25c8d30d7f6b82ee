#!/usr/bin/env bash
# Time to an interaction-ready registration form on a fresh visit, 4x CPU throttling, 1.6 Mbit/s and
# 150 ms RTT, in headless Chromium (benches/first_interaction.mjs). RUNS (default 5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
bench_server
export HOINGHI_NODE_MODULES=${HOINGHI_CACHE:-$HOME/.cache/hoinghi}/node/node_modules
[ -d "$HOINGHI_NODE_MODULES/playwright-core" ] || { echo "run scripts/bootstrap test first (playwright-core)" >&2; exit 1; }
echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores"
node benches/first_interaction.mjs "$BASE/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017/register" "${RUNS:-5}"
