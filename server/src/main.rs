//! `hoinghi`: the web server and its command line.
//!
//! `hoinghi` (or `hoinghi serve`) runs the site; the other subcommands operate on the same database and
//! configuration (see `hoinghi --help` and the README).

mod api;
mod commands;
mod config;
mod http;
mod logging;
mod serve;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hoinghi",
    version,
    about = "Review and training conferences: agenda, delegates, calendars, feedback, minutes."
)]
struct Cli {
    /// The configuration file; environment variables override it.
    #[arg(long, env = "HOINGHI_CONFIG", default_value = "Leptos.toml", global = true)]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create an administrator account. The password comes from HOINGHI_ADMIN_PASSWORD, standard input
    /// (--password-stdin) or a prompt.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create an API token for an existing account and print it (it is shown only once).
    CreateToken {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "command line")]
        name: String,
    },
    /// Copy the SQLite database to a file while the server keeps running.
    Backup {
        /// Where to write the copy (must not exist).
        path: PathBuf,
    },
    /// Write one conference, everything of it, as an archive (zip): to SLUG.zip, or --output (`-` for
    /// standard output).
    Export {
        slug: String,
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Restore a conference from an archive written by `export`, with new ids, beside the others.
    Import { path: PathBuf },
    /// Load the demo conference.
    LoadDemo,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config::Config::load(&cli.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hoinghi: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    logging::init(&config.log);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::run(config).await,
        Command::Migrate => commands::migrate(&config).await,
        Command::CreateAdmin { email, name, password_stdin } => {
            commands::create_admin(&config, &email, &name, password_stdin).await
        }
        Command::CreateToken { email, name } => commands::create_token(&config, &email, &name).await,
        Command::Backup { path } => commands::backup(&config, &path).await,
        Command::Export { slug, output } => commands::export(&config, &slug, output.as_deref()).await,
        Command::Import { path } => commands::import(&config, &path).await,
        Command::LoadDemo => commands::load_demo(&config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hoinghi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
