//! The texts organizers edit before a document is issued: one draft per conference and kind, saved as
//! numbered revisions, with the optimistic concurrency of the minutes (a save names the revision it
//! started from; if someone saved since, nothing is written and the organizer is told).

use crate::Service;
use crate::accounts::Actor;
use crate::db::{Tx, now};
use crate::error::Result;
use hoinghi_domain::minutes::MinutesRevision;
use hoinghi_domain::{AppError, Message};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::AnyConnection;

/// Whether `content` is a saved text of a draft of `kind` (each kind of document has its own text).
pub(crate) fn is_text_of(kind: &str, content: &str) -> bool {
    use hoinghi_domain::correspondence::{
        AnswerLetterText, ChangeNoticeText, ConclusionText, DocumentKind, InvitationText, ReportText,
    };
    fn parses<T: DeserializeOwned>(content: &str) -> bool {
        serde_json::from_str::<T>(content).is_ok()
    }
    match DocumentKind::parse(kind) {
        Some(DocumentKind::Invitation) => parses::<InvitationText>(content),
        Some(DocumentKind::ChangeNotice) => parses::<ChangeNoticeText>(content),
        Some(DocumentKind::ConclusionNotice) => parses::<ConclusionText>(content),
        Some(DocumentKind::RecommendationReport) => parses::<ReportText>(content),
        Some(DocumentKind::AnswerLetter) => parses::<AnswerLetterText>(content),
        None => false,
    }
}

/// The latest saved text of a draft and its revision; `None` before the first save.
pub(crate) async fn load<T: DeserializeOwned>(
    conn: &mut AnyConnection,
    conference_id: i64,
    kind: &str,
) -> Result<Option<(T, i64)>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT r.content, d.revision FROM correspondence_drafts d JOIN correspondence_revisions r \
         ON r.conference_id = d.conference_id AND r.kind = d.kind AND r.number = d.revision \
         WHERE d.conference_id = $1 AND d.kind = $2",
    )
    .bind(conference_id)
    .bind(kind)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((json, revision)) => Ok(Some((serde_json::from_str(&json).map_err(anyhow::Error::from)?, revision))),
        None => Ok(None),
    }
}

/// Every save of a draft, newest first.
pub(crate) async fn revisions(
    conn: &mut AnyConnection,
    conference_id: i64,
    kind: &str,
) -> Result<Vec<MinutesRevision>> {
    let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.number, u.display_name, r.saved_at FROM correspondence_revisions r LEFT JOIN users u ON u.id = r.saved_by \
         WHERE r.conference_id = $1 AND r.kind = $2 ORDER BY r.number DESC",
    )
    .bind(conference_id)
    .bind(kind)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(number, by, saved_at)| MinutesRevision { number, saved_by: by.unwrap_or_default(), saved_at })
        .collect())
}

/// Saves `text` as the next revision if `base` is still the latest (0: the first save). Returns the new
/// revision; a stale `base` is a conflict and writes nothing.
pub(crate) async fn save<T: Serialize>(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    kind: &str,
    base: i64,
    text: &T,
) -> Result<i64> {
    let json = serde_json::to_string(text).map_err(anyhow::Error::from)?;
    let mut tx = svc.db.begin().await?;
    let written = if base == 0 {
        sqlx::query(
            "INSERT INTO correspondence_drafts (conference_id, kind, revision) VALUES ($1, $2, 1) \
             ON CONFLICT (conference_id, kind) DO UPDATE SET revision = 1 WHERE correspondence_drafts.revision = 0",
        )
        .bind(conference_id)
        .bind(kind)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE correspondence_drafts SET revision = revision + 1 WHERE conference_id = $1 AND kind = $2 AND revision = $3",
        )
        .bind(conference_id)
        .bind(kind)
        .bind(base)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if written != 1 {
        tx.rollback().await?;
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    let revision = base + 1;
    sqlx::query(
        "INSERT INTO correspondence_revisions (conference_id, kind, number, content, saved_by, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(conference_id)
    .bind(kind)
    .bind(revision)
    .bind(&json)
    .bind(actor.user_id())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "correspondence.save", &format!("{kind} {revision}"))
        .await?;
    tx.commit().await?;
    Ok(revision)
}

/// Starts a draft afresh (after its document was issued): the next save is a first save again.
pub(crate) async fn reset(tx: &mut Tx, conference_id: i64, kind: &str) -> Result<()> {
    sqlx::query("UPDATE correspondence_drafts SET revision = 0 WHERE conference_id = $1 AND kind = $2")
        .bind(conference_id)
        .bind(kind)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM correspondence_revisions WHERE conference_id = $1 AND kind = $2")
        .bind(conference_id)
        .bind(kind)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the issued documents of `kind` said (see `facts` in migration 0015); empty if nothing yet.
pub(crate) async fn facts(conn: &mut AnyConnection, conference_id: i64, kind: &str) -> Result<String> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT facts FROM correspondence_drafts WHERE conference_id = $1 AND kind = $2")
            .bind(conference_id)
            .bind(kind)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(f,)| f).unwrap_or_default())
}

pub(crate) async fn set_facts(tx: &mut Tx, conference_id: i64, kind: &str, facts: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO correspondence_drafts (conference_id, kind, revision, facts) VALUES ($1, $2, 0, $3) \
         ON CONFLICT (conference_id, kind) DO UPDATE SET facts = excluded.facts",
    )
    .bind(conference_id)
    .bind(kind)
    .bind(facts)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
