#!/usr/bin/env bash
# What script each kind of page makes a browser download and compile, after a release build (wasm-opt
# -Oz, files precompressed): the release server is started on the demo conference, every page kind is
# fetched (public, delegate, organizer), and the islands' loader each page carries is followed to the
# JavaScript and WebAssembly it imports. Sizes are gzip and brotli as served. Then the biggest functions
# of the bundle (`twiggy top`, if twiggy is installed: `cargo install twiggy`).
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

report() { # kind, path, cookie jar or ""
    local kind=$1 path=$2 jar=${3:-}
    local html
    html=$(curl -sf ${jar:+-b "$jar"} "$BASE$path" || true)
    local js wasm
    js=$(grep -o '/pkg/[^"]*\.js' <<<"$html" | head -1 | sed 's|/pkg/||' || true)
    wasm=$(grep -o '/pkg/[^"]*\.wasm' <<<"$html" | head -1 | sed 's|/pkg/||' || true)
    if [ -z "$js" ]; then
        printf '%-10s %-58s %8s %8s\n' "$kind" "$path" 0 0
        return
    fi
    set -- $(size_of "$js") $(size_of "$wasm")
    printf '%-10s %-58s %8d %8d\n' "$kind" "$path" $(( $1 + $3 )) $(( $2 + $4 ))
}

echo "hoinghi $(git rev-parse --short HEAD 2>/dev/null): script a page makes the browser download (bytes)"
printf '%-10s %-58s %8s %8s\n' kind page gzip brotli
for p in / "/c/$S" "/c/$S/agenda" "/c/$S/speakers"; do report public "$p"; done
report public "/c/$S/speakers/$(curl -sf "$BASE/api/v1/conferences/$S/people" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d); print(d[0]["person"]["id"] if d else 0)')"
report public "/c/$S/sessions/$(curl -sf "$BASE/api/v1/conferences/$S/sessions" | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("items", d); print(d[0]["uid"] if d else "x")')"
for p in "/c/$S/register" "/c/$S/register/link"; do report delegate "$p"; done
for p in /manage "/manage/c/$S" "/manage/c/$S/agenda" "/manage/c/$S/registrations" "/manage/c/$S/checkin" \
    "/manage/c/$S/minutes" "/manage/c/$S/feedback"; do
    report organizer "$p" "$jar"
done
echo
echo "files in $pkg (gzip / brotli as served):"
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
    set -- $(size_of "$(basename "$f")")
    printf '  %-44s raw %8d   gzip %8d   br %8d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$1" "$2"
done
if command -v twiggy >/dev/null; then
    echo
    twiggy top -n 15 "$pkg"/*.wasm
else
    echo "(twiggy not installed: cargo install twiggy, for the biggest functions)"
fi
