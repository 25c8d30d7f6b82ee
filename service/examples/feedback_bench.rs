//! Results of a feedback form with 12 questions and 10,000 submissions, on a fresh SQLite file: the time
//! to compute them (read the rows, count, average, group, draw the SVG charts) and to write the CSV and
//! XLSX exports, through the same service functions the pages and routes call.
//!
//! Run: `cargo run --release -p hoinghi-service --example feedback_bench [submissions]`

use hoinghi_domain::Locale;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::feedback::FeedbackQuestionInput;
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, Settings, conferences, feedback};
use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let svc = Service::start(&format!("sqlite://{}/bench.db", dir.path().display()), 4, Settings::for_tests()).await?;
    let actor = Actor::System;
    let c = conferences::create(
        &svc,
        &actor,
        ConferenceInput {
            title: "Hội nghị đo hiệu năng góp ý".into(),
            starts_on: "2026-12-01".into(),
            ends_on: "2026-12-02".into(),
            ..Default::default()
        },
    )
    .await?;
    let mut form = feedback::open_form(&svc, &actor, c.id, None).await?;
    // The template's 4 questions, and 8 more: 12, of every kind.
    for i in 0..8 {
        let (kind, options) = match i % 4 {
            0 | 1 => ("rating", ""),
            2 => ("multiple_choice", "Tài liệu\nThời lượng\nPhòng học\nGiảng viên"),
            _ => ("short_text", ""),
        };
        form = feedback::add_question(
            &svc,
            &actor,
            form.id,
            FeedbackQuestionInput {
                kind: kind.into(),
                prompt: format!("Câu hỏi thêm số {i}"),
                options: options.into(),
                ..Default::default()
            },
        )
        .await?;
    }
    assert_eq!(form.questions.len(), 12);
    let provinces = ["56", "75", "79", "91", "92", "96", "01", "48"];
    let started = Instant::now();
    let mut tx = svc.db.begin().await?;
    let mut seed = 7u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for s in 0..n {
        let id = format!("bench-{s:06}");
        sqlx::query("INSERT INTO feedback_submissions (id, form_id, edit_tag, admin_unit_code, unit_name) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(form.id)
            .bind(format!("tag-{s}"))
            .bind(provinces[s % provinces.len()])
            .bind(format!("Bảo hiểm xã hội đơn vị {}", s % 40))
            .execute(&mut *tx)
            .await?;
        for q in &form.questions {
            let value = match q.kind.as_str() {
                "rating" => (1 + next() % 5).to_string(),
                "single_choice" | "multiple_choice" => q.options[(next() % q.options.len() as u64) as usize].clone(),
                _ if next() % 3 == 0 => format!("Ý kiến số {s}: cần thêm thời gian thảo luận, tài liệu gửi trước."),
                _ => continue,
            };
            sqlx::query("INSERT INTO feedback_answers (submission_id, question_id, value) VALUES ($1, $2, $3)")
                .bind(&id)
                .bind(q.id)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    eprintln!("set-up: {n} submissions in {:.1} s", started.elapsed().as_secs_f64());

    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = feedback::results(&svc, &actor, form.id).await?;
        let compute = t.elapsed();
        let t = Instant::now();
        let csv = feedback::results_csv(&svc, &actor, form.id, Locale::Vi).await?;
        let csv_time = t.elapsed();
        let t = Instant::now();
        let xlsx = feedback::results_xlsx(&svc, &actor, form.id, Locale::Vi).await?;
        times.push((compute, csv_time, t.elapsed(), csv.len(), xlsx.len(), r.questions.len()));
    }
    times.sort_by_key(|t| t.0);
    let (compute, csv, xlsx, csv_len, xlsx_len, questions) = times[times.len() / 2];
    println!("feedback results, {questions} questions, {n} submissions (SQLite, median of 5)");
    println!("  results (read, compute, charts)  {:8.1} ms", compute.as_secs_f64() * 1e3);
    println!("  CSV export                       {:8.1} ms  {csv_len} bytes", csv.as_secs_f64() * 1e3);
    println!("  XLSX export                      {:8.1} ms  {xlsx_len} bytes", xlsx.as_secs_f64() * 1e3);
    Ok(())
}
