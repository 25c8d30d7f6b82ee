//! Large documents made in the background: badges for a thousand delegates, sign-in sheets of hundreds of
//! pages. Starting one answers at once with the job's page, which shows how far it is ("step n of N",
//! refreshing itself without script) and then offers the file. The job's state and the file are rows in
//! `document_jobs`, so any app server can show the page and serve the file; the rendering itself runs on
//! the heavy-work threads (`crate::blocking`) of the server that started it. A job whose server stopped
//! shows as failed after a while, and can be started again.

use super::{Pdf, badges, certificates, delegate_list, parse_threshold, signin_sheets};
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::db::now;
use crate::error::Result;
use hoinghi_domain::{AppError, Message};
use serde::{Deserialize, Serialize};

/// The steps of a job: started, the document being made (its data read, laid out and written), stored.
pub const STEPS: i64 = 3;
/// A running job not heard from for this long is taken as lost (its server stopped).
const LOST_AFTER_SECS: i64 = 600;
/// Finished jobs (and their files) are kept this long.
const KEPT_SECS: i64 = 24 * 3600;

/// What the job page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentJob {
    pub id: i64,
    /// delegates, signin, badges or certificates.
    pub kind: String,
    pub parameter: String,
    /// running, done or failed.
    pub status: String,
    pub step: i64,
    pub steps: i64,
    /// How many items (delegates, sessions, badges, certificates) the finished document holds.
    pub items: i64,
    pub file_name: String,
    /// A message key when failed.
    pub error: String,
    pub created_at: i64,
}

/// The documents that may be made in the background.
pub const KINDS: [&str; 4] = ["delegates", "signin", "badges", "certificates"];

/// Starts making a document; returns the job's id. A job of the same document already running for the
/// conference is returned instead of starting another.
pub async fn start(svc: &Service, actor: &Actor, conference_id: i64, kind: &str, threshold: &str) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    if !KINDS.contains(&kind) {
        return Err(AppError::invalid("kind", Message::new("error-choice")).into());
    }
    let parameter = if kind == "certificates" { parse_threshold(threshold)?.to_string() } else { String::new() };
    let at = now();
    sqlx::query("DELETE FROM document_jobs WHERE conference_id = $1 AND updated_at < $2")
        .bind(conference_id)
        .bind(at - KEPT_SECS)
        .execute(svc.db.write())
        .await?;
    let running: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM document_jobs WHERE conference_id = $1 AND kind = $2 AND parameter = $3 \
         AND status = 'running' AND updated_at >= $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(conference_id)
    .bind(kind)
    .bind(&parameter)
    .bind(at - LOST_AFTER_SECS)
    .fetch_optional(svc.db.read())
    .await?;
    if let Some((id,)) = running {
        return Ok(id);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO document_jobs (conference_id, user_id, kind, parameter, status, step, steps, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'running', 1, $5, $6, $6) RETURNING id",
    )
    .bind(conference_id)
    .bind(actor.user_id())
    .bind(kind)
    .bind(&parameter)
    .bind(STEPS)
    .bind(at)
    .fetch_one(svc.db.write())
    .await?;
    tokio::spawn(run(svc.clone(), actor.clone(), conference_id, id, kind.to_string(), parameter));
    Ok(id)
}

async fn run(svc: Service, actor: Actor, conference_id: i64, id: i64, kind: String, parameter: String) {
    let made = async {
        step(&svc, id, 2).await?;
        let pdf: Pdf = match kind.as_str() {
            "delegates" => delegate_list(&svc, &actor, conference_id).await?,
            "signin" => signin_sheets(&svc, &actor, conference_id).await?,
            "badges" => badges(&svc, &actor, conference_id).await?,
            _ => certificates(&svc, &actor, conference_id, parse_threshold(&parameter)?).await?,
        };
        sqlx::query(
            "UPDATE document_jobs SET status = 'done', step = $1, items = $2, file_name = $3, content = $4, updated_at = $5 \
             WHERE id = $6",
        )
        .bind(STEPS)
        .bind(pdf.count as i64)
        .bind(&pdf.filename)
        .bind(pdf.bytes)
        .bind(now())
        .bind(id)
        .execute(svc.db.write())
        .await?;
        Ok::<_, crate::Error>(())
    }
    .await;
    if let Err(e) = made {
        // What the organizer is told: the refusal's own message (no agenda, no certificate), else a fault.
        let key = match hoinghi_domain::AppError::from(e) {
            AppError::Rejected { message } | AppError::Conflict { message } | AppError::Unavailable { message } => {
                message.key
            }
            _ => "documents-job-failed".to_string(),
        };
        let _ = sqlx::query("UPDATE document_jobs SET status = 'failed', error = $1, updated_at = $2 WHERE id = $3")
            .bind(key)
            .bind(now())
            .bind(id)
            .execute(svc.db.write())
            .await;
    }
}

async fn step(svc: &Service, id: i64, step: i64) -> Result<()> {
    sqlx::query("UPDATE document_jobs SET step = $1, updated_at = $2 WHERE id = $3")
        .bind(step)
        .bind(now())
        .bind(id)
        .execute(svc.db.write())
        .await?;
    Ok(())
}

type Row = (i64, String, String, String, i64, i64, i64, String, String, i64, i64);

fn shown(
    (id, kind, parameter, status, step, steps, items, file_name, error, created_at, updated_at): Row,
) -> DocumentJob {
    // A job whose server went away never finishes: say so, and let it be started again.
    let lost = status == "running" && now() - updated_at > LOST_AFTER_SECS;
    DocumentJob {
        id,
        kind,
        parameter,
        status: if lost { "failed".into() } else { status },
        step,
        steps,
        items,
        file_name,
        error: if lost { "documents-job-lost".into() } else { error },
        created_at,
    }
}

const COLUMNS: &str = "id, kind, parameter, status, step, steps, items, file_name, error, created_at, updated_at";

/// One job of the conference.
pub async fn job(svc: &Service, actor: &Actor, conference_id: i64, id: i64) -> Result<DocumentJob> {
    require_organizer(svc, actor, conference_id).await?;
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM document_jobs WHERE id = $1 AND conference_id = $2"))
            .bind(id)
            .bind(conference_id)
            .fetch_optional(svc.db.read())
            .await?;
    Ok(shown(row.ok_or(AppError::NotFound)?))
}

/// The conference's recent jobs, newest first.
pub async fn jobs(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<DocumentJob>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM document_jobs WHERE conference_id = $1 AND updated_at >= $2 ORDER BY id DESC LIMIT 10"
    ))
    .bind(conference_id)
    .bind(now() - KEPT_SECS)
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows.into_iter().map(shown).collect())
}

/// The finished document of a job.
pub async fn file(svc: &Service, actor: &Actor, conference_id: i64, id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let row: Option<(String, i64, Option<Vec<u8>>)> = sqlx::query_as(
        "SELECT file_name, items, content FROM document_jobs WHERE id = $1 AND conference_id = $2 AND status = 'done'",
    )
    .bind(id)
    .bind(conference_id)
    .fetch_optional(svc.db.read())
    .await?;
    match row {
        Some((filename, items, Some(bytes))) => Ok(Pdf { bytes, filename, count: items as usize }),
        _ => Err(AppError::NotFound.into()),
    }
}
