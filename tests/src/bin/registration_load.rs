//! Registration under a stampede, against a running server: sets up a conference through the API
//! (seat limit, per-unit quota, a training class with few seats, waiting list on), then sends many
//! public registrations at once through the same endpoint the registration form uses, a few of them
//! repeating an email. Prints throughput and latency, then checks through the API that no limit was
//! exceeded and every acknowledged registration is stored. Exits non-zero if a check fails.
//!
//! Usage: registration_load BASE_URL API_TOKEN [attempts] [concurrency]
//! (benches/registration-load.sh starts the release server and runs this on SQLite and PostgreSQL.)

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const CAPACITY: i64 = 500;
const CLASS_SEATS: i64 = 40;
const UNIT_QUOTA: i64 = 5;
const UNITS: usize = 150;

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut req = self.http.request(method, format!("{}/api/v1{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await?;
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
        Ok(v)
    }
}

/// Creates the conference and everything it needs; returns (slug, conference id, unit ids, class uid).
async fn setup(api: &Api) -> anyhow::Result<(String, i64, Vec<(i64, String)>, String)> {
    use reqwest::Method;
    let agency = api
        .send(Method::POST, "/agencies", Some(json!({"name": format!("Cơ quan thử tải {}", std::process::id())})))
        .await?;
    let agency_id = agency["id"].as_i64().unwrap();
    let provinces: Vec<String> = api.send(Method::GET, "/admin-units?limit=1000", None).await?["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["valid_to"].is_null())
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect();
    anyhow::ensure!(!provinces.is_empty(), "no provinces");
    let mut units = Vec::new();
    for n in 0..UNITS {
        let code = provinces[n % provinces.len()].clone();
        let path = format!("/agencies/{agency_id}/units");
        let u = api
            .send(Method::POST, &path, Some(json!({"name": format!("Đơn vị thử tải số {n}"), "admin_unit_code": code})))
            .await?;
        units.push((u["id"].as_i64().unwrap(), code));
    }
    let starts = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    let day = |plus: u64| (starts + chrono::Days::new(plus)).to_string();
    let c = api
        .send(
            Method::POST,
            "/conferences",
            Some(json!({"title": format!("Hội nghị thử tải đăng ký {}", std::process::id()), "starts_on": day(0),
                "ends_on": day(1), "capacity": CAPACITY.to_string(), "agency_id": agency_id.to_string()})),
        )
        .await?;
    let slug = c["slug"].as_str().unwrap().to_string();
    let id = c["id"].as_i64().unwrap();
    let class = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/sessions"),
            Some(json!({"kind": "training", "title": "Lớp tập huấn nghiệp vụ", "day": day(1),
                "start": "08:00", "end": "11:00", "capacity": CLASS_SEATS})),
        )
        .await?;
    let uid = class["uid"].as_str().unwrap().to_string();
    api.send(Method::POST, &format!("/conferences/{slug}/agenda/publish"), Some(json!({}))).await?;
    api.send(Method::POST, &format!("/conferences/{slug}/publish"), None).await?;
    api.send(
        Method::PUT,
        &format!("/conferences/{slug}/registration-settings"),
        Some(json!({"waitlist": true, "default_unit_quota": UNIT_QUOTA})),
    )
    .await?;
    Ok((slug, id, units, uid))
}

/// A small deterministic generator, so two runs send the same mix.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    by_status: HashMap<u16, usize>,
    duplicates_sent: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(args.len() >= 3, "usage: registration_load BASE_URL API_TOKEN [attempts] [concurrency]");
    let base = args[1].trim_end_matches('/').to_string();
    let attempts: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(2000);
    let concurrency: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(64);
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let api = Api { http: http.clone(), base: base.clone(), token: args[2].clone() };
    let (slug, conference_id, units, class) = setup(&api).await?;

    // The attempts: a random unit each, a quarter asking for the class, about 3% repeating an earlier
    // delegate's email (a double click, or a colleague registering the same person).
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut bodies = Vec::with_capacity(attempts);
    let mut duplicates = 0;
    for n in 0..attempts {
        let (unit, province) = &units[(rng.next() % units.len() as u64) as usize];
        let dup = n > 10 && rng.next() % 100 < 3;
        let who = if dup {
            duplicates += 1;
            (rng.next() % n as u64) as usize
        } else {
            n
        };
        let mut form = vec![
            ("conference_id".to_string(), conference_id.to_string()),
            ("family_name".into(), "Nguyễn".into()),
            ("middle_name".into(), "Thị".into()),
            ("given_name".into(), format!("Thử {n}")),
            ("position_title".into(), "Chuyên viên".into()),
            ("unit_id".into(), unit.to_string()),
            ("admin_unit_code".into(), province.clone()),
            ("phone".into(), format!("09{n:08}")),
            ("email".into(), format!("dai.bieu.{who}@thu-tai.vn")),
            ("consent".into(), "true".into()),
        ];
        if rng.next().is_multiple_of(4) {
            form.push(("sessions[]".into(), class.clone()));
        }
        bodies.push(form);
    }

    let gate = Arc::new(Semaphore::new(concurrency));
    let tally = Arc::new(std::sync::Mutex::new(Tally { duplicates_sent: duplicates, ..Default::default() }));
    let url = format!("{base}/fn/registration/register");
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(attempts);
    for form in bodies {
        let (gate, tally, http, url, base) = (gate.clone(), tally.clone(), http.clone(), url.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.unwrap();
            let t = Instant::now();
            let status = http
                .post(&url)
                .header("Origin", &base)
                .header("Accept", "application/json")
                .form(&form)
                .send()
                .await
                .map(|r| r.status())
                .unwrap_or(StatusCode::BAD_GATEWAY);
            let mut tally = tally.lock().unwrap();
            tally.latencies.push(t.elapsed());
            *tally.by_status.entry(status.as_u16()).or_default() += 1;
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed();
    let mut tally = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();
    tally.latencies.sort();
    let pct = |p: f64| tally.latencies[((tally.latencies.len() as f64 * p) as usize).min(tally.latencies.len() - 1)];
    let mut statuses: Vec<_> = tally.by_status.iter().collect();
    statuses.sort();
    println!(
        "attempts={attempts} concurrency={concurrency} seconds={:.2} per_second={:.0} p50_ms={:.1} p99_ms={:.1} statuses={statuses:?}",
        elapsed.as_secs_f64(),
        attempts as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );

    // The checks, from what the server itself reports.
    // Every page of the list, as an integration reads it.
    let mut delegates: Vec<Value> = Vec::new();
    let mut offset = Some(0);
    while let Some(at) = offset {
        let path = format!("/conferences/{slug}/registrations?limit=1000&offset={at}");
        let page = api.send(reqwest::Method::GET, &path, None).await?;
        delegates.extend(page["items"].as_array().unwrap().iter().cloned());
        offset = page["next_offset"].as_u64();
    }
    let mut confirmed = 0;
    let mut waiting = 0;
    let mut per_unit: HashMap<i64, i64> = HashMap::new();
    let mut waiting_units = std::collections::HashSet::new();
    let mut class_seats = 0;
    let mut emails = std::collections::HashSet::new();
    for r in &delegates {
        anyhow::ensure!(emails.insert(r["email"].as_str().unwrap().to_string()), "an email stored twice");
        match r["status"].as_str().unwrap() {
            "confirmed" => {
                confirmed += 1;
                *per_unit.entry(r["unit_id"].as_i64().unwrap()).or_default() += 1;
                class_seats +=
                    r["sessions"].as_array().unwrap().iter().filter(|s| s["confirmed"] == true).count() as i64;
            }
            "waiting" => {
                waiting += 1;
                waiting_units.insert(r["unit_id"].as_i64().unwrap());
            }
            other => anyhow::bail!("unexpected status {other}"),
        }
    }
    let acknowledged = *tally.by_status.get(&200).unwrap_or(&0) as i64;
    let refused_duplicates = *tally.by_status.get(&422).unwrap_or(&0);
    println!(
        "confirmed={confirmed} waiting={waiting} class_seats={class_seats} fullest_unit={} acknowledged={acknowledged} duplicates_sent={} refused_as_duplicate={refused_duplicates}",
        per_unit.values().max().copied().unwrap_or(0),
        tally.duplicates_sent
    );
    anyhow::ensure!(confirmed <= CAPACITY, "over capacity: {confirmed}");
    anyhow::ensure!(per_unit.values().all(|n| *n <= UNIT_QUOTA), "a unit over its quota");
    anyhow::ensure!(class_seats <= CLASS_SEATS, "class over its seats: {class_seats}");
    anyhow::ensure!(
        confirmed + waiting == acknowledged,
        "acknowledged {acknowledged} but stored {}",
        confirmed + waiting
    );
    anyhow::ensure!(
        tally.by_status.keys().all(|s| *s == 200 || *s == 422),
        "only successes and duplicate refusals expected"
    );
    // Nobody waits for a seat that is free: either the conference is full or each waiting delegate's
    // unit has used its quota.
    anyhow::ensure!(
        confirmed == CAPACITY || waiting_units.iter().all(|u| per_unit.get(u) == Some(&UNIT_QUOTA)),
        "seats left empty while delegates wait: {confirmed} confirmed"
    );
    println!("checks: ok");
    Ok(())
}
