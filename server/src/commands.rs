//! The command-line subcommands other than `serve`.

use crate::config::Config;
use anyhow::Context;
use hoinghi_domain::Locale;
use hoinghi_service::accounts::{Actor, CreateUser, create_user};
use hoinghi_service::{Service, Settings, conferences, demo};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub async fn open(config: &Config) -> anyhow::Result<Service> {
    let settings = Settings {
        public_url: config.public_url(),
        secret: config.secret()?,
        mail_from: config.mail.from.clone(),
        mail_server: !config.mail.smtp_url.trim().is_empty(),
    };
    Service::start_with(&config.database.url, config.pool(), settings).await
}

/// Service errors carry translatable messages; the command line speaks Vietnamese first.
fn explain(e: hoinghi_service::Error) -> anyhow::Error {
    let app: hoinghi_domain::AppError = e.into();
    let mut text = app.message(Locale::Vi);
    if let hoinghi_domain::AppError::Invalid { fields } = &app {
        for f in fields {
            text.push_str(&format!("\n  {}: {}", f.field, f.message.render(Locale::Vi)));
        }
    }
    anyhow::anyhow!(text)
}

pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let svc = open(config).await?;
    svc.db.close().await;
    println!("migrations applied");
    Ok(())
}

pub async fn create_admin(config: &Config, email: &str, name: &str, password_stdin: bool) -> anyhow::Result<()> {
    let password = read_password(password_stdin)?;
    let svc = open(config).await?;
    let input = CreateUser { email: email.into(), display_name: name.into(), password, is_admin: true };
    let user = create_user(&svc, &Actor::System, input).await.map_err(explain)?;
    println!("administrator {} created (id {})", user.email, user.id);
    Ok(())
}

/// Prints a new API token for an existing account (once: only its hash is kept). The way to a first
/// token, since tokens cannot create tokens.
pub async fn create_token(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let user = hoinghi_service::accounts::find_user_by_email(&svc, email).await.map_err(explain)?;
    let unknown = || {
        let message = hoinghi_domain::Message::new("conference-error-unknown-user").render(Locale::Vi);
        anyhow::anyhow!("{message} ({email})")
    };
    let user = user.ok_or_else(unknown)?;
    let actor = Actor::User { id: user.id, is_admin: user.is_admin };
    let token = hoinghi_service::accounts::create_token(&svc, &actor, name).await.map_err(explain)?;
    println!("{}", token.secret);
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("HOINGHI_ADMIN_PASSWORD") {
        return Ok(p);
    }
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password("Mật khẩu / Password: ")?;
    let again = rpassword::prompt_password("Nhập lại / Again: ")?;
    anyhow::ensure!(first == again, "the two passwords differ");
    Ok(first)
}

pub async fn backup(config: &Config, path: &Path) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let target = path.to_str().context("the backup path must be UTF-8")?;
    svc.db.backup_sqlite(target).await?;
    println!("backup written to {}", path.display());
    Ok(())
}

pub async fn export(config: &Config, slug: &str, output: Option<&Path>) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let started = std::time::Instant::now();
    let archive = conferences::export(&svc, &Actor::System, slug).await.map_err(explain)?;
    let default = std::path::PathBuf::from(format!("{slug}.zip"));
    let path = output.unwrap_or(&default);
    if path == Path::new("-") {
        std::io::stdout().lock().write_all(&archive)?;
        return Ok(());
    }
    // Written beside, then renamed: an interrupted export never leaves a truncated archive under the name.
    let partial = path.with_extension("zip.partial");
    std::fs::write(&partial, &archive).with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "conference {slug} written to {} ({} bytes in {:.1} s)",
        path.display(),
        archive.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn import(config: &Config, path: &Path) -> anyhow::Result<()> {
    let size = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?.len();
    anyhow::ensure!(
        size <= conferences::archive::MAX_ARCHIVE_BYTES,
        "{} is larger than an archive may be ({} bytes)",
        path.display(),
        conferences::archive::MAX_ARCHIVE_BYTES
    );
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let svc = open(config).await?;
    let started = std::time::Instant::now();
    let report = conferences::import(&svc, &Actor::System, &bytes).await.map_err(explain)?;
    let rows: usize = report.rows.values().sum();
    println!(
        "imported conference {} (id {}): {rows} rows, {} files in {:.1} s",
        report.slug,
        report.conference_id,
        report.files,
        started.elapsed().as_secs_f64()
    );
    for check in &report.final_minutes {
        let verdict = if check.hashes_match { "verify" } else { "DO NOT verify" };
        println!("final minutes, version {}: content and PDF hashes {verdict}", check.version);
    }
    for email in report.missing_accounts {
        println!(
            "note: no account for {email}: its organizer or coordinator role was left out, its other references are empty"
        );
    }
    Ok(())
}

pub async fn load_demo(config: &Config) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let slug = demo::load(&svc).await.map_err(explain)?;
    println!("demo conference loaded: /c/{slug}");
    Ok(())
}
