//! The built files the pages link to (stylesheet, the islands' JavaScript and WebAssembly).
//!
//! Release builds fingerprint them (`hash-files` in Cargo.toml's Leptos settings): cargo-leptos writes
//! `hoinghi.<hash>.css` and friends and records the hashes in a file beside the server binary. Those
//! names change whenever the content does, so `/pkg/` answers may be cached for good.

use hoinghi_app::page::Assets;
use leptos::prelude::LeptosOptions;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The content hashes cargo-leptos recorded beside the server binary (`js: …`, `wasm: …`, `manifest: …`).
fn hashes(options: &LeptosOptions) -> HashMap<String, String> {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .map(|text| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .map(|(kind, hash)| (kind.trim().to_string(), hash.trim().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref())
}

/// The public paths of the built files, read once at start. A hashed name is used only if that file
/// is really there, so a hash file left over from an earlier build cannot point at nothing.
pub fn built(options: &LeptosOptions) -> Assets {
    let pkg_dir = pkg_dir(options);
    let name = options.output_name.to_string();
    let hashes = hashes(options);
    let path = |kind: &str| {
        let file = match hashes.get(kind) {
            Some(hash) if pkg_dir.join(format!("{name}.{hash}.{kind}")).exists() => format!("{name}.{hash}.{kind}"),
            _ => format!("{name}.{kind}"),
        };
        format!("/{}/{file}", options.site_pkg_dir)
    };
    let assets = Assets { css: path("css"), js: path("js"), wasm: path("wasm") };
    let _ = STYLESHEET.set(assets.css.clone());
    assets
}

/// A lazy island's own WebAssembly files (`cargo leptos build --split`), known by the start of the
/// element that holds the island on a page.
pub struct LazyIsland {
    /// `data-component="CheckinSearch_`: the island's name as the renderer writes it, before its hash.
    pub marker: String,
    /// `/pkg/…wasm` paths, the island's module and the chunks it shares with other lazy islands.
    pub files: Vec<String>,
}

/// The lazy islands of this build, from the split manifest (`{"checkin_search_loader_<n>": [files]}`);
/// none when the site was built without `--split`. The island's loader fetches these files only once the
/// main bundle has started; knowing them here lets a page that holds the island ask for them at once.
pub fn lazy_islands(options: &LeptosOptions) -> Vec<LazyIsland> {
    let manifest = match hashes(options).get("manifest") {
        Some(hash) => format!("__wasm_split_manifest.{hash}.json"),
        None => "__wasm_split_manifest.json".to_string(),
    };
    let Ok(text) = std::fs::read_to_string(pkg_dir(options).join(manifest)) else { return Vec::new() };
    let Ok(splits) = serde_json::from_str::<HashMap<String, Vec<String>>>(&text) else {
        tracing::warn!("the split manifest could not be read; lazy islands will not be preloaded");
        return Vec::new();
    };
    let mut islands: Vec<LazyIsland> = splits
        .into_iter()
        .filter_map(|(split, files)| {
            // `#[island(lazy)]` splits off `<snake_case name>_loader`, under a name ending in a hash.
            let (snake, _) = split.split_once("_loader_")?;
            let marker = format!("data-component=\"{}_", camel_case(snake));
            let files = files.iter().map(|f| format!("/{}/{f}.wasm", options.site_pkg_dir)).collect();
            Some(LazyIsland { marker, files })
        })
        .collect();
    islands.sort_by(|a, b| a.marker.cmp(&b.marker));
    islands
}

/// `checkin_search` → `CheckinSearch`.
fn camel_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

static STYLESHEET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The stylesheet's path, for the few answers written without the page renderer.
pub fn stylesheet() -> &'static str {
    STYLESHEET.get().map(String::as_str).unwrap_or("/pkg/hoinghi.css")
}

/// Whether a file name carries a content hash (`hoinghi.<hash>.js`): such a file never changes.
fn fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 8
        && parts[parts.len() - 2].chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `Cache-Control` for `/pkg/`: fingerprinted files forever, others revalidated on every use.
pub async fn cache_control(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let forever = fingerprinted(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() {
        let value = if forever { "public, max-age=31536000, immutable" } else { "no-cache" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::{camel_case, fingerprinted};

    #[test]
    fn split_names_become_island_names() {
        assert_eq!(camel_case("checkin_search"), "CheckinSearch");
        assert_eq!(camel_case("qr_scan"), "QrScan");
    }

    #[test]
    fn only_hashed_names_are_immutable() {
        assert!(fingerprinted("/pkg/hoinghi.KX8o1Y3bQ2m4T9dW.wasm"));
        assert!(!fingerprinted("/pkg/hoinghi.wasm"));
        assert!(!fingerprinted("/pkg/hoinghi.css"));
        assert!(!fingerprinted("/pkg/hoinghi.js.br"));
    }
}
