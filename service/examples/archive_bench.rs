//! Size and time of a conference archive for a conference of 120 sessions, 2,000 registrations and
//! 1,000 feedback submissions (the fixture of `tests/common/fixture.rs`, built through the service
//! functions): export from SQLite, import into a fresh SQLite database, and, when `HOINGHI_TEST_POSTGRES`
//! names a PostgreSQL server (`postgres://…/postgres`), import into and export from a fresh PostgreSQL
//! database, checking that the archive comes back byte for byte.
//!
//! Run: `cargo run --release -p hoinghi-service --example archive_bench [sessions registrations submissions]`

#[path = "../tests/rules/common/fixture.rs"]
mod fixture;

use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, Settings, conferences};
use sqlx::Connection;
use std::time::Instant;

async fn postgres() -> anyhow::Result<Option<Service>> {
    let Ok(admin_url) = std::env::var("HOINGHI_TEST_POSTGRES") else { return Ok(None) };
    sqlx::any::install_default_drivers();
    let name = format!("hoinghi_bench_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::AnyConnection::connect(&admin_url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    Ok(Some(Service::start(&format!("{base}/{name}"), 8, Settings::for_tests()).await?))
}

fn mb(n: usize) -> f64 {
    n as f64 / (1024.0 * 1024.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let scale = match args.as_slice() {
        [s, r, f] => fixture::Scale { sessions: *s, registrations: *r, submissions: *f },
        _ => fixture::Scale::BENCH,
    };
    let dir = tempfile::tempdir()?;
    let source =
        Service::start(&format!("sqlite://{}/source.db", dir.path().display()), 4, Settings::for_tests()).await?;
    let t = Instant::now();
    fixture::build(&source, scale).await;
    eprintln!("set-up: {scale:?} in {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let archive = conferences::export(&source, &Actor::System, fixture::SLUG).await?;
    let export_sqlite = t.elapsed();
    let document = conferences::archive::document_of(&archive)?;
    let json = serde_json::to_vec_pretty(&document)?;
    let rows: usize = document.tables.values().map(Vec::len).sum();
    if std::env::var("ARCHIVE_BENCH_TABLES").is_ok() {
        let mut sizes: Vec<(usize, &String, usize)> = document
            .tables
            .iter()
            .map(|(t, r)| (serde_json::to_vec_pretty(r).map(|v| v.len()).unwrap_or(0), t, r.len()))
            .collect();
        sizes.sort();
        for (bytes, table, n) in sizes.iter().rev().take(8) {
            eprintln!("  {table:<24} {n:>6} rows {:8.2} MiB", mb(*bytes));
        }
    }

    let target =
        Service::start(&format!("sqlite://{}/target.db", dir.path().display()), 4, Settings::for_tests()).await?;
    fixture::accounts(&target).await;
    let t = Instant::now();
    let report = conferences::import(&target, &Actor::System, &archive).await?;
    let import_sqlite = t.elapsed();
    anyhow::ensure!(report.final_minutes.iter().all(|m| m.hashes_match), "final minutes verify");

    println!(
        "conference archive: {} sessions, {} registrations, {} feedback submissions",
        scale.sessions, scale.registrations, scale.submissions
    );
    println!("  rows                         {rows}");
    println!("  stored files                 {}", report.files);
    println!("  archive (zip)                {:8.2} MiB ({} bytes)", mb(archive.len()), archive.len());
    println!("  conference.json unpacked     {:8.2} MiB", mb(json.len()));
    println!("  export, SQLite               {:8.0} ms", export_sqlite.as_secs_f64() * 1e3);
    println!("  import, SQLite               {:8.0} ms", import_sqlite.as_secs_f64() * 1e3);
    if let Some(pg) = postgres().await? {
        fixture::accounts(&pg).await;
        let t = Instant::now();
        conferences::import(&pg, &Actor::System, &archive).await?;
        let import_pg = t.elapsed();
        let t = Instant::now();
        let again = conferences::export(&pg, &Actor::System, fixture::SLUG).await?;
        let export_pg = t.elapsed();
        println!("  import, PostgreSQL           {:8.0} ms", import_pg.as_secs_f64() * 1e3);
        println!("  export, PostgreSQL           {:8.0} ms", export_pg.as_secs_f64() * 1e3);
        println!(
            "  SQLite → archive → PostgreSQL → archive: {}",
            if again == archive { "the same bytes" } else { "DIFFERENT" }
        );
        anyhow::ensure!(again == archive, "the archive from PostgreSQL differs");
    }
    Ok(())
}
