//! Every query the registration path runs per delegate (`registration::hot::ALL`) is answered from an
//! index, on SQLite and PostgreSQL, with a waiting list of hundreds: the test asks each engine for its plan
//! and fails on a full scan of a table that grows with the delegates, or of one of its indexes.
//!
//! SQLite: EXPLAIN QUERY PLAN, where every such table must be a SEARCH. PostgreSQL: EXPLAIN with
//! sequential scans, hash and merge joins disabled. On test-sized tables the planner rightly prefers
//! reading a few hundred rows whole; disabled, those plans show only where no index can serve, so what
//! remains is the plan the query gets at scale.

use crate::common::{agency_with_units, organizer};
use hoinghi_domain::Locale;
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::{RegistrationInput, SettingsInput};
use hoinghi_service::accounts::Actor;
use hoinghi_service::registration::hot::{ALL, Param};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Backend, Service, agenda, conferences};

struct Sample {
    conference: i64,
    registration: i64,
    unit: i64,
    class: String,
}

/// A conference of 40 seats with a class of 10 and 400 registrations: most wait, in both queues.
async fn sample(svc: &Service) -> Sample {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) =
        agency_with_units(svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56"), ("Bảo hiểm xã hội tỉnh Đồng Nai", "75")])
            .await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-07".into(),
            capacity: "40".into(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let room = agenda::create_room(svc, &an, c.id, RoomInput { name: "Phòng học".into(), capacity: String::new() })
        .await
        .unwrap();
    let class = agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "training".into(),
            title: "Chuyên đề".into(),
            day: "2026-12-07".into(),
            start: "13:30".into(),
            end: "15:00".into(),
            room_id: room.id.to_string(),
            capacity: "10".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    registration::update_settings(svc, &an, c.id, SettingsInput { waitlist: "true".into(), ..Default::default() })
        .await
        .unwrap();
    let tasks: Vec<_> = (0..400)
        .map(|n| {
            let svc = svc.clone();
            let input = RegistrationInput {
                family_name: "Phạm".into(),
                given_name: format!("Đại Biểu {n}"),
                unit_id: units[n % 2].to_string(),
                phone: format!("0933{n:06}"),
                email: format!("dai.bieu.{n}@bhxh.gov.vn"),
                sessions: vec![class.uid.clone()],
                consent: "true".into(),
                ..Default::default()
            };
            tokio::spawn(async move {
                registration::register(&svc, &Actor::Anonymous, c.id, input, Locale::Vi, Source::Delegate)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut last = 0;
    for t in tasks {
        last = t.await.unwrap().registration.id;
    }
    Sample { conference: c.id, registration: last, unit: units[0], class: class.uid }
}

/// Tables that grow with the delegates (the small ones, units and questions, may be read whole).
const BIG: [&str; 7] = [
    "registrations",
    "registration_sessions",
    "registration_days",
    "registration_answers",
    "registration_events",
    "checkins",
    "outbox",
];

/// The plan's lines that read a whole big table or index.
fn full_scans(backend: Backend, sql: &str, plan: &[String]) -> Vec<String> {
    // Aliases the query gives the big tables ("registrations r").
    let words: Vec<&str> = sql.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').collect();
    let mut names: Vec<String> = BIG.iter().map(|t| t.to_string()).collect();
    for w in words.windows(2) {
        if BIG.contains(&w[0]) && !w[1].is_empty() && w[1].chars().all(|c| c.is_ascii_lowercase()) {
            names.push(w[1].to_string());
        }
    }
    let big = |line: &str| names.iter().any(|n| line.split_whitespace().any(|w| w == n));
    match backend {
        // "SEARCH t USING INDEX i (a=?)" is a lookup; "SCAN t", with or without "USING … INDEX", reads it all.
        Backend::Sqlite => plan.iter().filter(|l| l.trim_start().starts_with("SCAN ") && big(l)).cloned().collect(),
        // A sequential scan, or an index scan without an index condition (a walk of the whole index).
        Backend::Postgres => {
            let mut bad = Vec::new();
            for (i, line) in plan.iter().enumerate() {
                if !big(line) {
                    continue;
                }
                if line.contains("Seq Scan") {
                    bad.push(line.clone());
                }
                if line.contains("Index Scan") || line.contains("Index Only Scan") {
                    let details = plan[i + 1..].iter().take_while(|l| !l.contains("->"));
                    if !details.into_iter().any(|l| l.contains("Index Cond:")) {
                        bad.push(line.clone());
                    }
                }
            }
            bad
        }
    }
}

on_both_engines!(hot_registration_queries_use_indexes, |svc: Service| async move {
    let s = sample(&svc).await;
    let backend = svc.db.backend();
    let mut conn = svc.db.read().acquire().await.unwrap();
    if backend == Backend::Postgres {
        sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
        for setting in ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"] {
            sqlx::query(&format!("SET {setting} = off")).execute(&mut *conn).await.unwrap();
        }
    }
    assert!(ALL.len() >= 15);
    let mut failures = Vec::new();
    for q in ALL {
        let explain = match backend {
            Backend::Sqlite => format!("EXPLAIN QUERY PLAN {}", q.sql),
            Backend::Postgres => format!("EXPLAIN {}", q.sql),
        };
        let mut query = sqlx::query(&explain);
        for p in q.params {
            query = match p {
                Param::Conference => query.bind(s.conference),
                Param::Registration => query.bind(s.registration),
                Param::Unit => query.bind(s.unit),
                Param::Class => query.bind(s.class.clone()),
                Param::Int(n) => query.bind(*n),
                Param::Text(t) => query.bind(t.to_string()),
            };
        }
        let rows = query.fetch_all(&mut *conn).await.unwrap_or_else(|e| panic!("{}: {e}", q.name));
        let plan: Vec<String> = rows
            .iter()
            .map(|row| {
                use sqlx::Row;
                match backend {
                    Backend::Sqlite => row.get::<String, _>(3),
                    Backend::Postgres => row.get::<String, _>(0),
                }
            })
            .collect();
        let scans = full_scans(backend, q.sql, &plan);
        if !scans.is_empty() {
            failures.push(format!("{}: {scans:?}\n  {}", q.name, plan.join("\n  ")));
        }
    }
    // The session setting goes with the connection rather than back to the pool.
    conn.detach();
    assert!(failures.is_empty(), "full scans:\n{}", failures.join("\n"));
});
