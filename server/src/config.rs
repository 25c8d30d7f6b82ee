//! Configuration: `Leptos.toml`, then environment variables, which win. Every key is documented in
//! `Leptos.toml` itself and in the README.

use anyhow::Context;
use serde::Deserialize;
use std::path::Path;

/// The names cargo-leptos gives the built files (`output-name`, `site-pkg-dir` in Cargo.toml; a test
/// keeps them in step).
pub const OUTPUT_NAME: &str = "hoinghi";
pub const SITE_PKG_DIR: &str = "pkg";

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
#[derive(Default)]
pub struct Config {
    pub site: Site,
    pub database: Database,
    pub security: Security,
    pub mail: Mail,
    pub demo: Demo,
    pub log: Log,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Site {
    pub addr: String,
    pub public_url: String,
    pub root: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_proxy: bool,
    /// Keep rendered public pages in memory (off only to measure rendering itself).
    pub page_cache: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Database {
    pub url: String,
    pub max_connections: u32,
    /// Seconds a request waits for a connection before it is answered "busy, nothing saved" (503).
    pub acquire_timeout: u64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Security {
    pub secret_file: String,
    #[serde(skip)]
    pub secret_hex: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Mail {
    pub smtp_url: String,
    pub from: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Demo {
    pub load_on_empty: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub struct Log {
    pub filter: String,
    pub format: String,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            addr: "127.0.0.1:3000".into(),
            public_url: String::new(),
            // Where cargo-leptos builds the site (`site-root` in Cargo.toml).
            root: "target/site".into(),
            trust_proxy: false,
            page_cache: true,
        }
    }
}

impl Default for Database {
    fn default() -> Self {
        let pool = hoinghi_service::PoolSettings::DEFAULT;
        Database {
            url: "sqlite://data/hoinghi.db".into(),
            max_connections: pool.max_connections,
            acquire_timeout: pool.acquire_timeout.as_secs(),
        }
    }
}

impl Default for Security {
    fn default() -> Self {
        Security { secret_file: "data/secret.key".into(), secret_hex: None }
    }
}

impl Default for Mail {
    fn default() -> Self {
        Mail { smtp_url: String::new(), from: "Hội nghị <no-reply@localhost>".into() }
    }
}

impl Default for Demo {
    fn default() -> Self {
        Demo { load_on_empty: true }
    }
}

impl Default for Log {
    fn default() -> Self {
        Log { filter: "info,sqlx=warn".into(), format: "pretty".into() }
    }
}

impl Config {
    /// Reads `path` (a missing file means defaults), then applies the environment.
    pub fn load(path: &Path) -> anyhow::Result<Config> {
        let mut config = if path.exists() {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
        } else {
            Config::default()
        };
        config.apply_env(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = var("HOINGHI_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")) {
            self.site.addr = v;
        }
        if let Some(v) = var("HOINGHI_PUBLIC_URL") {
            self.site.public_url = v;
        }
        if let Some(v) = var("HOINGHI_PAGE_CACHE") {
            self.site.page_cache = parse_bool("HOINGHI_PAGE_CACHE", &v)?;
        }
        if let Some(v) = var("LEPTOS_SITE_ROOT") {
            self.site.root = v;
        }
        if let Some(v) = var("HOINGHI_TRUST_PROXY") {
            self.site.trust_proxy = parse_bool("HOINGHI_TRUST_PROXY", &v)?;
        }
        if let Some(v) = var("DATABASE_URL") {
            self.database.url = v;
        }
        if let Some(v) = var("HOINGHI_DB_CONNECTIONS") {
            self.database.max_connections = v.parse().context("HOINGHI_DB_CONNECTIONS must be a number")?;
        }
        if let Some(v) = var("HOINGHI_DB_ACQUIRE_TIMEOUT") {
            self.database.acquire_timeout =
                v.parse().context("HOINGHI_DB_ACQUIRE_TIMEOUT must be a number of seconds")?;
        }
        if let Some(v) = var("HOINGHI_SECRET_FILE") {
            self.security.secret_file = v;
        }
        self.security.secret_hex = var("HOINGHI_SECRET");
        if let Some(v) = var("HOINGHI_SMTP_URL") {
            self.mail.smtp_url = v;
        }
        if let Some(v) = var("HOINGHI_MAIL_FROM") {
            self.mail.from = v;
        }
        if let Some(v) = var("HOINGHI_DEMO") {
            self.demo.load_on_empty = parse_bool("HOINGHI_DEMO", &v)?;
        }
        if let Some(v) = var("RUST_LOG") {
            self.log.filter = v;
        }
        if let Some(v) = var("HOINGHI_LOG_FORMAT") {
            self.log.format = v;
        }
        Ok(())
    }

    /// The database pool as configured.
    pub fn pool(&self) -> hoinghi_service::PoolSettings {
        hoinghi_service::PoolSettings {
            max_connections: self.database.max_connections,
            acquire_timeout: std::time::Duration::from_secs(self.database.acquire_timeout.max(1)),
        }
    }

    /// The public base URL without a trailing slash.
    pub fn public_url(&self) -> String {
        if self.site.public_url.is_empty() {
            format!("http://{}", self.site.addr)
        } else {
            self.site.public_url.trim_end_matches('/').to_string()
        }
    }

    /// Cookies get `Secure` when the site is reached over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url().starts_with("https://")
    }

    /// The server secret: from `HOINGHI_SECRET`, else from the secret file, created on first use.
    pub fn secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(hex_secret) = &self.security.secret_hex {
            let bytes = hex::decode(hex_secret.trim()).context("HOINGHI_SECRET must be hex")?;
            anyhow::ensure!(bytes.len() >= 32, "HOINGHI_SECRET must hold at least 32 bytes (64 hex characters)");
            return Ok(bytes);
        }
        let path = Path::new(&self.security.secret_file);
        if path.exists() {
            let text = std::fs::read_to_string(path)?;
            let bytes = hex::decode(text.trim()).with_context(|| format!("{} must hold hex", path.display()))?;
            anyhow::ensure!(bytes.len() >= 32, "{} holds too short a secret", path.display());
            return Ok(bytes);
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let secret = hoinghi_service::secrets::random_bytes(32);
        write_private(path, &hex::encode(&secret))?;
        tracing::info!(file = %path.display(), "created the server secret");
        Ok(secret)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents)?;
    Ok(())
}

fn parse_bool(name: &str, v: &str) -> anyhow::Result<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => anyhow::bail!("{name} must be true or false, not {v:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_leptos_toml_parses_and_matches_the_defaults() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Leptos.toml")).unwrap();
        let file: Config = toml::from_str(&text).unwrap();
        let defaults = Config::default();
        assert_eq!(file.site.addr, defaults.site.addr);
        assert_eq!(file.database.url, defaults.database.url);
        assert_eq!(file.security.secret_file, defaults.security.secret_file);
        assert!(file.demo.load_on_empty);
    }

    #[test]
    fn build_names_match_the_cargo_leptos_metadata() {
        let cargo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml")).unwrap();
        assert!(cargo.contains(&format!("output-name = \"{OUTPUT_NAME}\"")));
        assert!(cargo.contains(&format!("site-pkg-dir = \"{SITE_PKG_DIR}\"")));
        let site_root = format!("site-root = \"{}\"", Config::default().site.root);
        assert!(cargo.contains(&site_root), "{site_root}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut c = Config::default();
        let env = |name: &str| match name {
            "DATABASE_URL" => Some("postgres://u@h/db".to_string()),
            "HOINGHI_ADDR" => Some("0.0.0.0:8080".to_string()),
            "HOINGHI_DEMO" => Some("false".to_string()),
            "HOINGHI_PUBLIC_URL" => Some("https://hoinghi.example.vn/".to_string()),
            _ => None,
        };
        c.apply_env(env).unwrap();
        assert_eq!(c.database.url, "postgres://u@h/db");
        assert_eq!(c.site.addr, "0.0.0.0:8080");
        assert!(!c.demo.load_on_empty);
        assert_eq!(c.public_url(), "https://hoinghi.example.vn");
        assert!(c.secure_cookies());
        let mut bad = Config::default();
        assert!(bad.apply_env(|n| (n == "HOINGHI_DEMO").then(|| "maybe".to_string())).is_err());
    }
}
