//! Registration under a stampede, against a running server: sets up a conference through the API
//! (seat limit, per-unit quota, a training class with few seats and at most 2 of them per unit, waiting
//! list on), then sends many public registrations at once through the same endpoint the registration
//! form uses: about 3% repeat an earlier delegate's email with other details, and about 1% send the same
//! submission (same key) twice, as after a lost answer. Prints throughput and latency per block of 1,000
//! (in order of completion), then checks through the API that no limit was exceeded, every acknowledged
//! registration is stored once, retried submissions were acknowledged, and the waiting list's positions
//! run 1, 2, 3 … without gaps. Exits non-zero if a check fails.
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
const CLASS_UNIT_QUOTA: i64 = 2;
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
    let r = api
        .http
        .put(format!("{}/api/v1/conferences/{slug}/class-quotas", api.base))
        .bearer_auth(&api.token)
        .json(&json!({"session_uid": uid, "unit_id": null, "quota": CLASS_UNIT_QUOTA}))
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success(), "class quota: {}", r.status());
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

/// One attempt's outcome: when it finished (from the start), how long it took, its status.
struct Outcome {
    finished: Duration,
    took: Duration,
    status: u16,
    email: String,
    /// A second send of the same submission (same key), as after a lost answer.
    retry: bool,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(args.len() >= 3, "usage: registration_load BASE_URL API_TOKEN [attempts] [concurrency]");
    let base = args[1].trim_end_matches('/').to_string();
    let attempts: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(10_000);
    let concurrency: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(64);
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let api = Api { http: http.clone(), base: base.clone(), token: args[2].clone() };
    let (slug, conference_id, units, class) = setup(&api).await?;

    // The attempts: a random unit each, a quarter asking for the class, about 3% repeating an earlier
    // delegate's email with other details (a colleague registering the same person), about 1% sending
    // the same submission twice (the answer was lost; the form is sent again).
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut bodies: Vec<(Vec<(String, String)>, String, bool)> = Vec::with_capacity(attempts);
    let mut duplicates = 0;
    let retries = attempts / 100;
    for n in 0..attempts - retries {
        let (unit, province) = &units[(rng.next() % units.len() as u64) as usize];
        let dup = n > 10 && rng.next() % 100 < 3;
        let who = if dup {
            duplicates += 1;
            (rng.next() % n as u64) as usize
        } else {
            n
        };
        let email = format!("dai.bieu.{who}@thu-tai.vn");
        let mut form = vec![
            ("conference_id".to_string(), conference_id.to_string()),
            ("family_name".into(), "Nguyễn".into()),
            ("middle_name".into(), "Thị".into()),
            ("given_name".into(), format!("Thử {n}")),
            ("position_title".into(), "Chuyên viên".into()),
            ("unit_id".into(), unit.to_string()),
            ("admin_unit_code".into(), province.clone()),
            ("phone".into(), format!("09{n:08}")),
            ("email".into(), email.clone()),
            ("consent".into(), "true".into()),
            ("submission".into(), format!("key-{n}-{:x}", rng.next())),
        ];
        if rng.next().is_multiple_of(4) {
            form.push(("sessions[]".into(), class.clone()));
        }
        bodies.push((form, email, false));
    }
    // The retried sends: copies of submissions whose email nobody else uses, placed a little after
    // their original (the answer was lost; the delegate sends the form again).
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (_, email, _) in &bodies {
        *uses.entry(email.clone()).or_default() += 1;
    }
    let mut added = 0;
    while added < retries {
        let i = (rng.next() % bodies.len() as u64) as usize;
        if bodies[i].2 || uses[&bodies[i].1] != 1 {
            continue;
        }
        let copy = (bodies[i].0.clone(), bodies[i].1.clone(), true);
        let at = (i + 1 + (rng.next() % 200) as usize).min(bodies.len());
        bodies.insert(at, copy);
        added += 1;
    }

    let gate = Arc::new(Semaphore::new(concurrency));
    let outcomes = Arc::new(std::sync::Mutex::new(Vec::with_capacity(attempts)));
    let url = format!("{base}/fn/registration/register");
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(attempts);
    for (form, email, retry) in bodies {
        let (gate, outcomes, http, url, base) =
            (gate.clone(), outcomes.clone(), http.clone(), url.clone(), base.clone());
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
            let took = t.elapsed();
            outcomes.lock().unwrap().push(Outcome {
                finished: started.elapsed(),
                took,
                status: status.as_u16(),
                email,
                retry,
            });
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed();
    let mut outcomes = Arc::try_unwrap(outcomes).ok().unwrap().into_inner().unwrap();
    outcomes.sort_by_key(|o| o.finished);
    let mut by_status: HashMap<u16, usize> = HashMap::new();
    for o in &outcomes {
        *by_status.entry(o.status).or_default() += 1;
    }
    let mut latencies: Vec<Duration> = outcomes.iter().map(|o| o.took).collect();
    latencies.sort();
    let mut statuses: Vec<_> = by_status.iter().collect();
    statuses.sort();
    println!(
        "attempts={attempts} concurrency={concurrency} seconds={:.2} per_second={:.0} p50_ms={:.1} p99_ms={:.1} statuses={statuses:?}",
        elapsed.as_secs_f64(),
        attempts as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
    );
    // The curve: each block of 1,000 answers, in the order they finished.
    let mut previous = Duration::ZERO;
    let mut rates = Vec::new();
    for (i, block) in outcomes.chunks(1000).enumerate() {
        let end = block.last().unwrap().finished;
        let rate = block.len() as f64 / (end - previous).as_secs_f64().max(1e-9);
        let mut l: Vec<Duration> = block.iter().map(|o| o.took).collect();
        l.sort();
        println!(
            "block={} per_second={rate:.0} p50_ms={:.1} p99_ms={:.1}",
            i + 1,
            percentile(&l, 0.50),
            percentile(&l, 0.99)
        );
        if block.len() == 1000 {
            rates.push(rate);
        }
        previous = end;
    }
    if let (Some(first), Some(last)) = (rates.first(), rates.last()) {
        println!("last_block_over_first={:.2}", last / first);
    }

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
    let mut class_per_unit: HashMap<i64, i64> = HashMap::new();
    let mut waiting_units = std::collections::HashSet::new();
    let mut class_seats = 0;
    let mut positions = Vec::new();
    let mut emails = std::collections::HashSet::new();
    for r in &delegates {
        anyhow::ensure!(emails.insert(r["email"].as_str().unwrap().to_string()), "an email stored twice");
        match r["status"].as_str().unwrap() {
            "confirmed" => {
                confirmed += 1;
                let unit = r["unit_id"].as_i64().unwrap();
                *per_unit.entry(unit).or_default() += 1;
                let seats = r["sessions"].as_array().unwrap().iter().filter(|s| s["confirmed"] == true).count() as i64;
                class_seats += seats;
                *class_per_unit.entry(unit).or_default() += seats;
            }
            "waiting" => {
                waiting += 1;
                waiting_units.insert(r["unit_id"].as_i64().unwrap());
                positions.push(r["waiting_position"].as_i64().unwrap_or(0));
            }
            other => anyhow::bail!("unexpected status {other}"),
        }
    }
    // Every first send answered 200 is stored, and only those; a retried send answers 200 too.
    let acknowledged: std::collections::HashSet<&str> =
        outcomes.iter().filter(|o| o.status == 200 && !o.retry).map(|o| o.email.as_str()).collect();
    let retries_acknowledged = outcomes.iter().filter(|o| o.retry && o.status == 200).count();
    let refused_duplicates = *by_status.get(&422).unwrap_or(&0);
    println!(
        "confirmed={confirmed} waiting={waiting} class_seats={class_seats} fullest_unit={} fullest_unit_in_class={} acknowledged={} duplicates_sent={duplicates} refused_as_duplicate={refused_duplicates} retries_sent={retries} retries_acknowledged={retries_acknowledged}",
        per_unit.values().max().copied().unwrap_or(0),
        class_per_unit.values().max().copied().unwrap_or(0),
        acknowledged.len(),
    );
    anyhow::ensure!(confirmed <= CAPACITY, "over capacity: {confirmed}");
    anyhow::ensure!(per_unit.values().all(|n| *n <= UNIT_QUOTA), "a unit over its quota");
    anyhow::ensure!(class_seats <= CLASS_SEATS, "class over its seats: {class_seats}");
    anyhow::ensure!(class_per_unit.values().all(|n| *n <= CLASS_UNIT_QUOTA), "a unit over its class seats");
    anyhow::ensure!(
        (confirmed + waiting) as usize == acknowledged.len() && acknowledged.iter().all(|e| emails.contains(*e)),
        "acknowledged {} but stored {}",
        acknowledged.len(),
        confirmed + waiting
    );
    anyhow::ensure!(retries_acknowledged == retries, "a retried submission was refused");
    anyhow::ensure!(by_status.keys().all(|s| *s == 200 || *s == 422), "only successes and duplicate refusals expected");
    positions.sort();
    anyhow::ensure!(
        positions.iter().enumerate().all(|(i, p)| *p == i as i64 + 1),
        "waiting positions are not 1…{waiting} without gaps"
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
