#!/usr/bin/env bash
# What script each kind of page makes a browser download and compile, after a release build (wasm-opt
# -Oz, lazy islands split off, files precompressed): the release server is started on the demo
# conference, every page kind (public, delegate, organizer) is loaded in headless Chromium until its
# islands are awake, and the JavaScript and WebAssembly files it fetched are added up, gzip and brotli as
# served, then the same for all organizer pages together. Then the biggest functions of the main bundle
# (`twiggy top`, if twiggy is installed: `cargo install twiggy`).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
bench_server
bench_token
pkg=target/site/pkg
S=so-ket-tap-huan-thong-tin-doi-ngoai-2017
# An organizer session for the pages behind sign-in (a delegate's private page loads what the
# registration form loads: the same forms island).
jar=$BENCH_TMP/cookies
curl -sf -c "$jar" -b "$jar" "$BASE/login" -o /dev/null
csrf=$(awk '$6 == "hoinghi_csrf" {print $7}' "$jar")
curl -sf -c "$jar" -b "$jar" -o /dev/null -H "Origin: $BASE" \
    --data-urlencode "_csrf=$csrf" --data-urlencode "email=bench@hoinghi.local" \
    --data-urlencode "password=benchmark password 2026" --data-urlencode "next=/manage" \
    "$BASE/login?_fn=/fn/login"
size_of() { # file in pkg/ -> "gzip brotli"
    local f=$pkg/$1
    local gz br
    gz=$( [ -f "$f.gz" ] && stat -c %s "$f.gz" || gzip -9c "$f" | wc -c)
    br=$( [ -f "$f.br" ] && stat -c %s "$f.br" || echo 0)
    echo "$gz $br"
}

# The pages, each with the cookies it is fetched with; Chromium loads them and tells which script files
# each one fetched (benches/page_script.mjs), lazy islands' WebAssembly included.
export HOINGHI_NODE_MODULES=${HOINGHI_CACHE:-$HOME/.cache/hoinghi}/node/node_modules
[ -d "$HOINGHI_NODE_MODULES/playwright-core" ] || { echo "run scripts/bootstrap test first (playwright-core)" >&2; exit 1; }
cookies=$(awk '{sub(/^#HttpOnly_/, "")} !/^#/ && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar")
declare -A all # every file the organizer pages fetched, for their total
report() { # kind, then "URL<TAB>file<TAB>file…" lines on standard input
    local kind=$1 url files gz br
    while IFS=$'\t' read -r url files; do
        gz=0 br=0
        for f in $files; do
            [ "$kind" = organizer ] && all[$f]=1
            set -- $(size_of "$f")
            gz=$(( gz + $1 )) br=$(( br + $2 ))
        done
        printf '%-10s %-58s %8d %8d  %s\n' "$kind" "${url#"$BASE"}" "$gz" "$br" "$(wc -w <<<"$files") files"
    done
}

echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null): script a page makes the browser download (bytes)"
printf '%-10s %-58s %8s %8s\n' kind page gzip brotli
speaker=$(curl -sf "$BASE/api/v1/conferences/$S/people" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d); print(d[0]["person"]["id"] if d else 0)')
session=$(curl -sf "$BASE/api/v1/conferences/$S/sessions" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d); print(d[0]["uid"] if d else "x")')
node benches/page_script.mjs "" "$BASE/" "$BASE/c/$S" "$BASE/c/$S/agenda" "$BASE/c/$S/speakers" \
    "$BASE/c/$S/speakers/$speaker" "$BASE/c/$S/sessions/$session" | report public
node benches/page_script.mjs "" "$BASE/c/$S/register" "$BASE/c/$S/register/link" | report delegate
pages=()
for p in /manage "/manage/c/$S" "/manage/c/$S/agenda" "/manage/c/$S/registrations" "/manage/c/$S/checkin" \
    "/manage/c/$S/minutes" "/manage/c/$S/feedback"; do
    pages+=("$BASE$p")
done
report organizer < <(node benches/page_script.mjs "$cookies" "${pages[@]}")
gz=0 br=0
for f in "${!all[@]}"; do
    set -- $(size_of "$f")
    gz=$(( gz + $1 )) br=$(( br + $2 ))
done
printf '%-10s %-58s %8d %8d  %s\n' organizer "all organizer pages together" "$gz" "$br" "${#all[@]} files"
echo
echo "files in $pkg (gzip / brotli as served):"
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
    set -- $(size_of "$(basename "$f")")
    printf '  %-44s raw %8d   gzip %8d   br %8d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$1" "$2"
done
if command -v twiggy >/dev/null; then
    echo
    twiggy top -n 15 "$pkg"/hoinghi.*.wasm
else
    echo "(twiggy not installed: cargo install twiggy, for the biggest functions)"
fi
