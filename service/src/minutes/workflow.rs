//! Saving, the states, corrections and the PDF.

use super::content::{self, canonical, sha256_hex};
use super::{prefill, store};
use crate::accounts::{Actor, require_organizer};
use crate::conferences::by_id_internal;
use crate::db::now;
use crate::error::Result;
use crate::{Service, audit};
use hoinghi_domain::minutes::{MinutesConflict, MinutesContent, MinutesState, MinutesView};
use hoinghi_domain::{AppError, Message};

/// What a save did.
#[derive(Debug)]
pub enum SaveOutcome {
    /// Saved as this revision.
    Saved { revision: i64 },
    /// Someone saved first; nothing was written.
    Conflict(Box<MinutesConflict>),
}

/// The editor's data: the latest version with its latest content, or the pre-fill before the first save.
pub async fn view(svc: &Service, actor: &Actor, conference_id: i64) -> Result<MinutesView> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let versions = store::versions(&mut conn, conference_id).await?;
    let Some(latest) = versions.first() else {
        drop(conn);
        let content = prefill::prefill(svc, actor, conference_id).await?;
        return Ok(MinutesView { current: None, revision: 0, content, revisions: Vec::new(), versions: Vec::new() });
    };
    let (content, _) = store::content(&mut conn, latest.version.id, latest.revision).await?;
    let revisions = store::revisions(&mut conn, latest.version.id).await?;
    Ok(MinutesView {
        current: Some(latest.version.clone()),
        revision: latest.revision,
        content,
        revisions,
        versions: versions.iter().map(|v| v.version.clone()).collect(),
    })
}

fn locked() -> AppError {
    AppError::rejected("minutes-error-final-locked")
}

/// Saves `input` as a new revision if `base_revision` is still the latest (0: the first save creates
/// the minutes). Otherwise nothing is written and both texts come back. Final minutes refuse saves.
pub async fn save(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    base_revision: i64,
    input: MinutesContent,
) -> Result<SaveOutcome> {
    require_organizer(svc, actor, conference_id).await?;
    let input = content::clean(input);
    content::validate(&input)?;
    let at = now();
    let mut tx = svc.db.begin().await?;
    let current = store::latest(&mut tx, conference_id).await?;
    let written = match &current {
        None if base_revision == 0 => {
            let id: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO minutes (conference_id, version, state, revision, created_at) VALUES ($1, 1, 'draft', 1, $2) \
                 ON CONFLICT (conference_id, version) DO NOTHING RETURNING id",
            )
            .bind(conference_id)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await?;
            id.map(|(id,)| (id, 1))
        }
        Some(c) if c.version.state == MinutesState::Final => return Err(locked().into()),
        Some(c) if c.revision == base_revision => {
            let n = sqlx::query(
                "UPDATE minutes SET revision = revision + 1 WHERE id = $1 AND revision = $2 AND state <> 'final'",
            )
            .bind(c.version.id)
            .bind(base_revision)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            (n == 1).then_some((c.version.id, base_revision + 1))
        }
        _ => None,
    };
    let Some((id, revision)) = written else {
        tx.rollback().await?;
        return conflict(svc, conference_id, input).await;
    };
    store::add_revision(&mut tx, id, revision, &input, actor.user_id(), at).await?;
    audit::record(&mut tx, actor, Some(conference_id), "minutes.save", &format!("minutes {id} revision {revision}"))
        .await?;
    tx.commit().await?;
    Ok(SaveOutcome::Saved { revision })
}

async fn conflict(svc: &Service, conference_id: i64, yours: MinutesContent) -> Result<SaveOutcome> {
    let mut conn = svc.db.read().acquire().await?;
    let current = store::latest(&mut conn, conference_id).await?.ok_or(AppError::NotFound)?;
    if current.version.state == MinutesState::Final {
        return Err(locked().into());
    }
    let (text, saved_by) = store::content(&mut conn, current.version.id, current.revision).await?;
    Ok(SaveOutcome::Conflict(Box::new(MinutesConflict {
        yours,
        current: text,
        current_revision: current.revision,
        saved_by,
    })))
}

/// The latest version, checked to be in `from` and at `revision` (a state change applies to the text
/// the organizer saw).
async fn current_at(
    svc: &Service,
    conference_id: i64,
    revision: i64,
    from: &[MinutesState],
) -> Result<(store::Current, MinutesContent)> {
    let mut conn = svc.db.read().acquire().await?;
    let current =
        store::latest(&mut conn, conference_id).await?.ok_or(AppError::rejected("minutes-error-not-saved"))?;
    if current.version.state == MinutesState::Final && !from.contains(&MinutesState::Final) {
        return Err(locked().into());
    }
    if !from.contains(&current.version.state) {
        return Err(AppError::rejected("minutes-error-state").into());
    }
    if current.revision != revision {
        return Err(AppError::Conflict { message: Message::new("minutes-error-changed") }.into());
    }
    let (text, _) = store::content(&mut conn, current.version.id, current.revision).await?;
    Ok((current, text))
}

async fn set_state(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    current: &store::Current,
    to: MinutesState,
    hashes: Option<(String, String)>,
) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    let (content_hash, pdf_hash) = hashes.unzip();
    let at = (to == MinutesState::Final).then(now);
    let n = sqlx::query(
        "UPDATE minutes SET state = $1, content_hash = $2, pdf_hash = $3, finalized_at = $4, finalized_by = $5 \
         WHERE id = $6 AND revision = $7 AND state = $8",
    )
    .bind(to.as_str())
    .bind(content_hash)
    .bind(pdf_hash)
    .bind(at)
    .bind(at.and(actor.user_id()))
    .bind(current.version.id)
    .bind(current.revision)
    .bind(current.version.state.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(AppError::Conflict { message: Message::new("minutes-error-changed") }.into());
    }
    audit::record(
        &mut tx,
        actor,
        Some(conference_id),
        &format!("minutes.{}", to.as_str()),
        &format!("minutes {}", current.version.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Draft → read back ("đọc lại") to the meeting.
pub async fn send_for_review(svc: &Service, actor: &Actor, conference_id: i64, revision: i64) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let (current, _) = current_at(svc, conference_id, revision, &[MinutesState::Draft]).await?;
    set_state(svc, actor, conference_id, &current, MinutesState::Review, None).await
}

/// Read back → draft again (changes asked for at the reading).
pub async fn back_to_draft(svc: &Service, actor: &Actor, conference_id: i64, revision: i64) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let (current, _) = current_at(svc, conference_id, revision, &[MinutesState::Review]).await?;
    set_state(svc, actor, conference_id, &current, MinutesState::Draft, None).await
}

/// Read back → final: locked, with the SHA-256 of its canonical content and of its PDF. Returns the PDF
/// hash.
pub async fn finalize(svc: &Service, actor: &Actor, conference_id: i64, revision: i64) -> Result<String> {
    require_organizer(svc, actor, conference_id).await?;
    let (current, text) = current_at(svc, conference_id, revision, &[MinutesState::Review]).await?;
    content::validate(&text)?;
    content::validate_final(&text)?;
    let conference = by_id_internal(svc, conference_id).await?;
    // Minutes record a meeting that took place: none are final before the conference opens.
    if crate::agenda::ConferenceClock::of(&conference).today() < conference.starts_on {
        return Err(AppError::rejected("minutes-error-not-started").into());
    }
    let pdf = pdf_of(&text, conference.starts_on).await?;
    let hashes = (sha256_hex(canonical(&text).as_bytes()), sha256_hex(&pdf));
    let pdf_hash = hashes.1.clone();
    set_state(svc, actor, conference_id, &current, MinutesState::Final, Some(hashes)).await?;
    Ok(pdf_hash)
}

/// A correction of final minutes: a new draft version, starting from the final text, that records
/// which version it replaces and why. The final version stays as it was.
pub async fn correct(svc: &Service, actor: &Actor, conference_id: i64, reason: &str) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let reason = hoinghi_domain::text::clean_text(reason);
    let mut ch = crate::validate::Checker::new();
    ch.required("reason", &reason).max_len("reason", &reason, hoinghi_domain::minutes::limits::REASON);
    ch.finish()?;
    let at = now();
    let mut tx = svc.db.begin().await?;
    let current = store::latest(&mut tx, conference_id).await?.ok_or(AppError::rejected("minutes-error-not-saved"))?;
    if current.version.state != MinutesState::Final {
        return Err(AppError::rejected("minutes-error-correct-final-only").into());
    }
    let (text, _) = store::content(&mut tx, current.version.id, current.revision).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO minutes (conference_id, version, state, replaces_id, correction_reason, revision, created_at) \
         VALUES ($1, $2, 'draft', $3, $4, 1, $5) RETURNING id",
    )
    .bind(conference_id)
    .bind(current.version.version + 1)
    .bind(current.version.id)
    .bind(&reason)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    store::add_revision(&mut tx, id, 1, &text, actor.user_id(), at).await?;
    audit::record(
        &mut tx,
        actor,
        Some(conference_id),
        "minutes.correct",
        &format!("minutes {id} replaces {}", current.version.id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every final version of a conference's minutes checked against the hashes stored when it was made
/// final: (version, whether the SHA-256 of its canonical content and of its PDF, rendered again, both
/// match). Run after an import, which must carry final minutes over unchanged.
pub async fn verify_final(svc: &Service, conference_id: i64) -> Result<Vec<(i64, bool)>> {
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let finals: Vec<(i64, i64, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, version, revision, content_hash, pdf_hash FROM minutes          WHERE conference_id = $1 AND state = $2 ORDER BY version",
    )
    .bind(conference_id)
    .bind(MinutesState::Final.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(finals.len());
    for (id, version, revision, content_hash, pdf_hash) in finals {
        let (text, _) = store::content(&mut conn, id, revision).await?;
        let pdf = pdf_of(&text, conference.starts_on).await?;
        let content_ok = content_hash.as_deref() == Some(sha256_hex(canonical(&text).as_bytes()).as_str());
        let pdf_ok = pdf_hash.as_deref() == Some(sha256_hex(&pdf).as_str());
        out.push((version, content_ok && pdf_ok));
    }
    Ok(out)
}

/// The PDF of the minutes, rendered on the heavy-work threads (`crate::blocking`).
async fn pdf_of(text: &MinutesContent, fallback_day: chrono::NaiveDate) -> Result<Vec<u8>> {
    let document = content::to_document(text, fallback_day);
    crate::blocking::run(move || hoinghi_documents::render_minutes(&document))
        .await?
        .map_err(|e| anyhow::anyhow!(e).into())
}

/// The current minutes as PDF, with the stored PDF hash when final (the layout is deterministic, so
/// the bytes are those that were hashed; a mismatch is logged).
pub async fn render(svc: &Service, actor: &Actor, conference_id: i64) -> Result<(Vec<u8>, Option<String>)> {
    let v = view(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let pdf = pdf_of(&v.content, conference.starts_on).await?;
    let hash = match v.current {
        Some(c) if c.state == MinutesState::Final => {
            let now_hash = sha256_hex(&pdf);
            if c.pdf_hash.as_deref() != Some(now_hash.as_str()) {
                tracing::warn!(minutes = c.id, "final minutes render differently from when they were made final");
            }
            c.pdf_hash
        }
        _ => None,
    };
    Ok((pdf, hash))
}

/// The content of the latest final version of a conference's minutes, with its version number; `None`
/// until minutes have been made final. (A correction in progress does not count until it is final.)
pub(crate) async fn final_content(svc: &Service, conference_id: i64) -> Result<Option<(MinutesContent, i64)>> {
    let mut conn = svc.db.read().acquire().await?;
    let versions = store::versions(&mut conn, conference_id).await?;
    let Some(last_final) = versions.iter().find(|v| v.version.state == MinutesState::Final) else {
        return Ok(None);
    };
    let (text, _) = store::content(&mut conn, last_final.version.id, last_final.revision).await?;
    Ok(Some((text, last_final.version.version)))
}
