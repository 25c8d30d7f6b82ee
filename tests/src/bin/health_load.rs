//! How quickly the server answers `/healthz` while it does heavy work: four large PDFs (two sign-in
//! sheets, two badge sheets of a conference with DELEGATES confirmed delegates and 12 plenary sessions)
//! and 40 sign-ins (argon2, forty accounts) at once. Sets the conference up through the API, measures `/healthz` alone
//! first, then during the load, and prints p50, p99 and the slowest answer of each, with the PDFs' times
//! and sizes.
//!
//! Usage: health_load BASE_URL API_TOKEN ADMIN_EMAIL ADMIN_PASSWORD [delegates]
//! (benches/health-under-load.sh starts the release server and runs this.)

use reqwest::Method;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

async fn api(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> anyhow::Result<Value> {
    let r = http.request(method, format!("{base}/api/v1{path}")).bearer_auth(token).json(&body).send().await?;
    let status = r.status();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
    Ok(v)
}

/// Signs in through the login form from `address` (the server trusts X-Forwarded-For in this
/// benchmark); returns the session cookie.
async fn sign_in(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
    address: &str,
) -> anyhow::Result<String> {
    let r = http
        .post(format!("{base}/fn/login"))
        .header("Origin", base)
        .header("X-Forwarded-For", address)
        .header("Accept", "application/json")
        .form(&[("email", email), ("password", password)])
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success() || r.status().is_redirection(), "sign-in: {}", r.status());
    let cookie = r
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("hoinghi_session="))
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
    Ok(cookie.split(';').next().unwrap_or_default().to_string())
}

fn summary(name: &str, mut l: Vec<Duration>) {
    l.sort();
    let p = |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)].as_secs_f64() * 1000.0;
    println!(
        "{name}: {} answers, p50_ms={:.1} p99_ms={:.1} max_ms={:.1}",
        l.len(),
        p(0.5),
        p(0.99),
        l.last().unwrap().as_secs_f64() * 1000.0
    );
}

/// Asks `/healthz` every 10 ms until `stop`; returns each answer's time.
async fn probe(http: reqwest::Client, base: String, stop: Arc<AtomicBool>) -> Vec<Duration> {
    let mut times = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let t = Instant::now();
        let ok = http.get(format!("{base}/healthz")).send().await.map(|r| r.status().is_success()).unwrap_or(false);
        times.push(t.elapsed());
        assert!(ok, "/healthz failed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    times
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(args.len() >= 5, "usage: health_load BASE_URL API_TOKEN ADMIN_EMAIL ADMIN_PASSWORD [delegates]");
    let (base, token, email, password) = (args[1].trim_end_matches('/').to_string(), &args[2], &args[3], &args[4]);
    let delegates: usize = args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(1200);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;

    // A conference of `delegates` confirmed delegates over two days of six plenary sessions each.
    let agency = api(
        &http,
        &base,
        token,
        Method::POST,
        "/agencies",
        json!({"name": format!("Cơ quan đo tải {}", std::process::id())}),
    )
    .await?;
    let agency_id = agency["id"].as_i64().unwrap();
    let mut units = Vec::new();
    for n in 0..34 {
        let u = api(
            &http,
            &base,
            token,
            Method::POST,
            &format!("/agencies/{agency_id}/units"),
            json!({"name": format!("Bảo hiểm xã hội đơn vị số {n}"), "admin_unit_code": "79"}),
        )
        .await?;
        units.push(u["id"].as_i64().unwrap());
    }
    let starts = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    let day = |plus: u64| (starts + chrono::Days::new(plus)).to_string();
    let c = api(
        &http,
        &base,
        token,
        Method::POST,
        "/conferences",
        json!({"title": "Hội nghị đo tải tài liệu",
        "starts_on": day(0), "ends_on": day(1), "agency_id": agency_id.to_string()}),
    )
    .await?;
    let slug = c["slug"].as_str().unwrap().to_string();
    for i in 0..12u64 {
        api(
            &http,
            &base,
            token,
            Method::POST,
            &format!("/conferences/{slug}/agenda/sessions"),
            json!({"kind": "report", "title": format!("Báo cáo chuyên đề số {}", i + 1), "day": day(i / 6),
                "start": format!("{:02}:00", 8 + i % 6), "end": format!("{:02}:50", 8 + i % 6), "plenary": true}),
        )
        .await?;
    }
    api(&http, &base, token, Method::POST, &format!("/conferences/{slug}/agenda/publish"), json!({})).await?;
    api(&http, &base, token, Method::POST, &format!("/conferences/{slug}/publish"), Value::Null).await?;
    let gate = Arc::new(tokio::sync::Semaphore::new(16));
    let mut tasks = Vec::new();
    for n in 0..delegates {
        let (http, base, token, slug, gate) = (http.clone(), base.clone(), token.clone(), slug.clone(), gate.clone());
        let unit = units[n % units.len()];
        tasks.push(tokio::spawn(async move {
            let _p = gate.acquire().await.unwrap();
            api(
                &http,
                &base,
                &token,
                Method::POST,
                &format!("/conferences/{slug}/registrations"),
                json!({"family_name": "Trần", "middle_name": "Thị", "given_name": format!("Đại Biểu {n}"),
                    "unit_id": unit, "admin_unit_code": "79", "email": format!("dai.bieu.{n}@do-tai.vn"),
                    "phone": format!("09{n:08}")}),
            )
            .await
        }));
    }
    for t in tasks {
        t.await??;
    }
    let cookie = sign_in(&http, &base, email, password, "10.0.0.1").await?;
    println!("set up: {delegates} confirmed delegates, 12 sessions");

    // /healthz alone.
    let stop = Arc::new(AtomicBool::new(false));
    let quiet = tokio::spawn(probe(http.clone(), base.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    summary("healthz alone", quiet.await?);

    // /healthz while four large PDFs render and 40 sign-ins run.
    let stop = Arc::new(AtomicBool::new(false));
    let loaded = tokio::spawn(probe(http.clone(), base.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let mut work = Vec::new();
    for name in ["signin.pdf", "badges.pdf", "signin.pdf", "badges.pdf"] {
        let (http, url, cookie) = (http.clone(), format!("{base}/manage/c/{slug}/documents/{name}"), cookie.clone());
        work.push(tokio::spawn(async move {
            let t = Instant::now();
            let r = http.get(&url).header("Cookie", cookie).send().await?;
            anyhow::ensure!(r.status().is_success(), "{url}: {}", r.status());
            let bytes = r.bytes().await?;
            Ok(format!("{name}: {:.0} ms, {} bytes", t.elapsed().as_secs_f64() * 1000.0, bytes.len()))
        }));
    }
    // Forty organizers at forty offices: one account signing in forty times at once, or forty from one
    // address, would be stopped by the sign-in limits before argon2 (accounts/throttle.rs).
    for n in 1..=40 {
        let (http, base, password) = (http.clone(), base.clone(), password.clone());
        let email = email.replacen('@', &format!("+{n}@"), 1);
        work.push(tokio::spawn(async move {
            let t = Instant::now();
            sign_in(&http, &base, &email, &password, &format!("10.0.{n}.1")).await?;
            Ok(format!("sign-in: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0))
        }));
    }
    let mut signins = Vec::new();
    for w in work {
        let line = w.await??;
        if line.starts_with("sign-in") {
            signins.push(line);
        } else {
            println!("{line}");
        }
    }
    println!("40 sign-ins, the last done after {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    let _ = signins;
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    summary("healthz during 4 PDFs and 40 sign-ins", loaded.await?);
    Ok(())
}
