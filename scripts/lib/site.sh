# The one way the site is built, sourced by scripts/run, scripts/test and the benchmarks: release,
# wasm-opt, fingerprinted and precompressed files, and the organizers' lazy islands split off into
# WebAssembly files of their own (`--split`; see app/src/page.rs), so delegates never download them.
build_site() {
    ${CARGO:-cargo} leptos build --release --split --precompress "$@"
}
