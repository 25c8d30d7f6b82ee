//! Harness for end-to-end tests: starts the real `hoinghi` binary (built by `cargo leptos build`) on a
//! free port with a fresh database, and drives it over HTTP or through headless Chromium.
//!
//! `HOINGHI_BIN` names the binary and `HOINGHI_SITE_ROOT` the built site; `scripts/test` sets both.
//! `HOINGHI_TEST_POSTGRES` (an admin URL) enables the PostgreSQL variants.

pub mod api;
pub mod browser;
pub mod http;
pub mod schema;
pub mod tools;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

pub const ADMIN_EMAIL: &str = "admin@bhxh.gov.vn";
pub const ADMIN_PASSWORD: &str = "mật khẩu quản trị 2026";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

fn workspace_root() -> PathBuf {
    tests_dir().parent().expect("workspace").to_path_buf()
}

/// This crate's folder. Read when the tests run (cargo sets it), not baked in when they were built: two
/// checkouts sharing one build cache may reuse each other's test binaries.
pub fn tests_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("HOINGHI_BIN") {
        return PathBuf::from(p);
    }
    let target =
        std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| workspace_root().join("target"));
    // The release build, as scripts/run and scripts/test make it.
    target.join("release").join("hoinghi")
}

pub fn site_root() -> PathBuf {
    std::env::var("HOINGHI_SITE_ROOT").map(PathBuf::from).unwrap_or_else(|_| workspace_root().join("target/site"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

/// A running server with its own database; killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub engine: Engine,
    pub mail: Option<MailSink>,
    env: Vec<(String, String)>,
    _data: tempfile::TempDir,
}

pub struct Options {
    pub engine: Engine,
    pub demo: bool,
    /// Start a real SMTP sink and point the server at it.
    pub mail: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { engine: Engine::Sqlite, demo: false, mail: false }
    }
}

/// A real SMTP server (aiosmtpd) that keeps every message it receives, decoded, for the test to read.
pub struct MailSink {
    child: Child,
    file: PathBuf,
    pub port: u16,
}

/// One received message.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    #[serde(default)]
    pub calendar: String,
    /// The names of the message's top-level headers.
    #[serde(default)]
    pub headers: Vec<String>,
}

impl MailSink {
    async fn start(dir: &std::path::Path) -> MailSink {
        let port = free_port();
        let file = dir.join("mail.jsonl");
        let script = format!("{}/tools/smtp_sink.py", tests_dir().display());
        let mut child = Command::new(tools::python())
            .args([script.as_str(), "127.0.0.1", &port.to_string(), file.to_str().expect("utf-8 path")])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start the SMTP sink (scripts/bootstrap test installs aiosmtpd)");
        use tokio::io::AsyncBufReadExt;
        let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let ready = tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await;
        assert!(matches!(ready, Ok(Ok(Some(ref l))) if l == "ready"), "the SMTP sink did not start");
        MailSink { child, file, port }
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    /// Waits until a message to `to` whose subject contains `subject` arrives.
    pub async fn wait_for(&self, to: &str, subject: &str) -> Mail {
        for _ in 0..200 {
            if let Some(m) =
                self.messages().into_iter().find(|m| m.to.iter().any(|t| t == to) && m.subject.contains(subject))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "no mail to {to} with {subject:?}; got {:?}",
            self.messages().iter().map(|m| (&m.to, &m.subject)).collect::<Vec<_>>()
        );
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

impl Server {
    /// Starts a server, or returns `None` for PostgreSQL when no test server is configured.
    pub async fn start(options: Options) -> Option<Server> {
        let bin = binary();
        assert!(
            bin.exists(),
            "{} not found: build the site first (`cargo leptos build`, as scripts/test does)",
            bin.display()
        );
        assert!(site_root().join("pkg").exists(), "{} has no pkg/: run `cargo leptos build`", site_root().display());
        let data = tempfile::tempdir().expect("temp dir");
        let db_url = match options.engine {
            Engine::Sqlite => format!("sqlite://{}/hoinghi.db", data.path().display()),
            Engine::Postgres => match std::env::var("HOINGHI_TEST_POSTGRES") {
                Ok(admin) => fresh_postgres_database(&admin).await,
                Err(_) if std::env::var("HOINGHI_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
                    panic!("HOINGHI_REQUIRE_POSTGRES=1 but HOINGHI_TEST_POSTGRES is not set")
                }
                Err(_) => {
                    eprintln!("note: HOINGHI_TEST_POSTGRES not set; PostgreSQL variant skipped");
                    return None;
                }
            },
        };
        let mail = if options.mail { Some(MailSink::start(data.path()).await) } else { None };
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut env = vec![
            ("DATABASE_URL".to_string(), db_url),
            ("HOINGHI_ADDR".to_string(), format!("127.0.0.1:{port}")),
            ("HOINGHI_SECRET".to_string(), "ab".repeat(32)),
            ("HOINGHI_DEMO".to_string(), options.demo.to_string()),
            ("LEPTOS_SITE_ROOT".to_string(), site_root().display().to_string()),
            ("HOINGHI_CONFIG".to_string(), data.path().join("none.toml").display().to_string()),
            ("RUST_LOG".to_string(), "warn".to_string()),
            ("HOINGHI_PUBLIC_URL".to_string(), base.clone()),
        ];
        if let Some(sink) = &mail {
            env.push(("HOINGHI_SMTP_URL".to_string(), format!("smtp://127.0.0.1:{}", sink.port)));
            env.push(("HOINGHI_MAIL_FROM".to_string(), "Ban tổ chức <to-chuc@hoinghi.test>".to_string()));
        }
        let mut cmd = Command::new(&bin);
        cmd.arg("serve").envs(env.iter().cloned()).stdout(Stdio::null()).stderr(Stdio::inherit()).kill_on_drop(true);
        let child = cmd.spawn().expect("start hoinghi");
        let server = Server { child, base, engine: options.engine, mail, env, _data: data };
        server.wait_ready().await;
        Some(server)
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server at {} did not become ready", self.base);
    }

    /// Runs a subcommand of the binary against this server's database.
    pub async fn cli(&self, args: &[&str], stdin: Option<&str>) -> std::process::Output {
        let mut cmd = Command::new(binary());
        cmd.args(args)
            .envs(self.env.iter().cloned())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run hoinghi");
        if let Some(input) = stdin {
            use tokio::io::AsyncWriteExt;
            let mut pipe = child.stdin.take().expect("stdin");
            pipe.write_all(input.as_bytes()).await.expect("write stdin");
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().await.expect("hoinghi finished")
    }

    pub async fn create_admin(&self) {
        let out = self
            .cli(
                &["create-admin", "--email", ADMIN_EMAIL, "--name", "Trần Văn Quản", "--password-stdin"],
                Some(&format!("{ADMIN_PASSWORD}\n")),
            )
            .await;
        assert!(out.status.success(), "create-admin failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The server's database, for tests that compare a page with what is stored or fill it in bulk.
    pub fn database_url(&self) -> String {
        self.env.iter().find(|(k, _)| k == "DATABASE_URL").map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("hoinghi_e2e_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(admin_url).await.expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create database");
    let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
    format!("{base}/{name}")
}
