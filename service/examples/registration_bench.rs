//! Registration through the service layer, without HTTP: ATTEMPTS registrations (default 10,000) from
//! CONCURRENCY tasks (default 64) at a conference of 500 seats, 12 plenary sessions and a class of 40,
//! 150 units with quotas of 5, waiting list on. Prints registrations per second for each block of 1,000
//! (the cost per delegate must not grow with the waiting list), latency, and then the time and size of
//! the sign-in sheets of the result. On a fresh SQLite file, or on the PostgreSQL database at URL.
//!
//! Run: `cargo run --release -p hoinghi-service --example registration_bench [attempts] [concurrency] [URL]`

use hoinghi_domain::Locale;
use hoinghi_domain::agenda::SessionInput;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::{RegistrationInput, SettingsInput};
use hoinghi_service::accounts::Actor;
use hoinghi_service::reference::{AgencyInput, UnitInput};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, Settings, agenda, conferences, documents, reference};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let attempts: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let concurrency: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(64);
    let dir = tempfile::tempdir()?;
    let url = args.get(3).cloned().unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.path().display()));
    let svc = Service::start(&url, 16, Settings { mail_server: false, ..Settings::for_tests() }).await?;
    let actor = Actor::System;
    let agency = reference::create_agency(
        &svc,
        &actor,
        AgencyInput {
            name: "Bảo hiểm xã hội Việt Nam".into(),
            abbreviation: "BHXH".into(),
            parent_name: String::new(),
            place_name: String::new(),
        },
    )
    .await?;
    let provinces: Vec<String> =
        reference::list_admin_units(&svc, "2026-01-01").await?.into_iter().map(|u| u.code).collect();
    let mut units = Vec::new();
    for n in 0..150 {
        let code = provinces[n % provinces.len()].clone();
        let u = reference::create_unit(
            &svc,
            &actor,
            agency.id,
            UnitInput { name: format!("Đơn vị thử tải số {n}"), admin_unit_code: code.clone() },
        )
        .await?;
        units.push((u.id, code));
    }
    let c = conferences::create(
        &svc,
        &actor,
        ConferenceInput {
            title: "Hội nghị thử tải đăng ký".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-08".into(),
            capacity: "500".into(),
            agency_id: agency.id.to_string(),
            ..Default::default()
        },
    )
    .await?;
    for i in 0..12 {
        agenda::create(
            &svc,
            &actor,
            c.id,
            SessionInput {
                kind: "report".into(),
                title: format!("Báo cáo chuyên đề số {}", i + 1),
                day: if i < 6 { "2026-12-07".into() } else { "2026-12-08".into() },
                start: format!("{:02}:00", 8 + (i % 6)),
                end: format!("{:02}:50", 8 + (i % 6)),
                plenary: "true".into(),
                ..Default::default()
            },
        )
        .await?;
    }
    let class = agenda::create(
        &svc,
        &actor,
        c.id,
        SessionInput {
            kind: "training".into(),
            title: "Lớp tập huấn nghiệp vụ".into(),
            day: "2026-12-08".into(),
            start: "15:00".into(),
            end: "17:00".into(),
            capacity: "40".into(),
            ..Default::default()
        },
    )
    .await?;
    agenda::publish(&svc, &actor, c.id).await?;
    conferences::publish(&svc, &actor, c.id).await?;
    registration::update_settings(
        &svc,
        &actor,
        c.id,
        SettingsInput { waitlist: "true".into(), default_unit_quota: "5".into(), ..Default::default() },
    )
    .await?;

    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(attempts);
    for n in 0..attempts {
        let (svc, gate, uid) = (svc.clone(), gate.clone(), class.uid.clone());
        let (unit, province) = units[(n * 7919) % units.len()].clone();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.unwrap();
            let t = Instant::now();
            let input = RegistrationInput {
                family_name: "Nguyễn".into(),
                middle_name: "Thị".into(),
                given_name: format!("Thử {n}"),
                unit_id: unit.to_string(),
                admin_unit_code: province,
                phone: format!("09{n:08}"),
                email: format!("dai.bieu.{n}@thu-tai.vn"),
                sessions: if n % 4 == 0 { vec![uid] } else { vec![] },
                consent: "true".into(),
                ..Default::default()
            };
            let ok = registration::register(&svc, &Actor::Anonymous, c.id, input, Locale::Vi, Source::Delegate)
                .await
                .is_ok();
            (ok, t.elapsed(), started.elapsed())
        }));
    }
    let mut done: Vec<(bool, Duration, Duration)> = Vec::with_capacity(attempts);
    for t in tasks {
        done.push(t.await?);
    }
    let elapsed = started.elapsed();
    let mut finished: Vec<Duration> = done.iter().map(|d| d.2).collect();
    finished.sort();
    let mut blocks = Vec::new();
    let mut previous = Duration::ZERO;
    for chunk in finished.chunks(1000) {
        let end = *chunk.last().unwrap();
        blocks.push(chunk.len() as f64 / (end - previous).as_secs_f64());
        previous = end;
    }
    let mut latencies: Vec<Duration> = done.iter().map(|d| d.1).collect();
    latencies.sort();
    let pct =
        |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "{:?}: {attempts} attempts, {concurrency} at a time: {:.0}/s overall, p50 {:.1} ms, p99 {:.1} ms, {} refused",
        svc.db.backend(),
        attempts as f64 / elapsed.as_secs_f64(),
        pct(0.5),
        pct(0.99),
        done.iter().filter(|d| !d.0).count()
    );
    println!("per block of 1,000: {}", blocks.iter().map(|b| format!("{b:.0}")).collect::<Vec<_>>().join(" "));
    let state = registration::public_state(&svc, &c.slug).await?;
    println!("confirmed {}, waiting {}", state.confirmed, state.waiting);

    let t = Instant::now();
    let sheets = documents::signin_sheets(&svc, &actor, c.id).await?;
    println!(
        "sign-in sheets: {} sessions, {:.0} ms, {} bytes",
        sheets.count,
        t.elapsed().as_secs_f64() * 1000.0,
        sheets.bytes.len()
    );
    Ok(())
}
