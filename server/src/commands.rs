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

pub async fn create_token(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let user = hoinghi_service::accounts::find_user_by_email(&svc, email).await.map_err(explain)?;
    let user = user.ok_or_else(|| anyhow::anyhow!("no account with the email {email}"))?;
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
    let data = conferences::export(&svc, &Actor::System, slug).await.map_err(explain)?;
    let json = serde_json::to_string_pretty(&data)?;
    match output {
        Some(path) => std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?,
        None => writeln!(std::io::stdout(), "{json}")?,
    }
    Ok(())
}

pub async fn import(config: &Config, path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let data: conferences::ConferenceExport = serde_json::from_str(&text).context("not a conference export")?;
    let svc = open(config).await?;
    let report = conferences::import(&svc, &Actor::System, data).await.map_err(explain)?;
    println!("imported conference {} (id {})", report.slug, report.conference_id);
    for email in report.missing_organizers {
        println!("note: no account for organizer {email}; add it as organizer once the account exists");
    }
    Ok(())
}

pub async fn load_demo(config: &Config) -> anyhow::Result<()> {
    let svc = open(config).await?;
    let slug = demo::load(&svc).await.map_err(explain)?;
    println!("demo conference loaded: /c/{slug}");
    Ok(())
}
