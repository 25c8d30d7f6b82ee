//! Which feedback forms are a delegate's to answer: a form about the whole conference is everyone's; a
//! form about one session only the delegate's whose session it is, by the one rule of a delegate's own
//! agenda (`registration::personal`: plenaries on their days, their classes, sessions they have a role in).

use crate::Service;
use crate::agenda::{ConferenceClock, latest_snapshot};
use crate::conferences::by_id_internal;
use crate::error::Result;
use crate::registration::personal;
use hoinghi_domain::feedback::FeedbackForm;
use sqlx::AnyConnection;

/// The session uids (of the latest published agenda) that are registration `id`'s own.
pub(crate) async fn own_sessions(
    svc: &Service,
    conn: &mut AnyConnection,
    conference_id: i64,
    id: i64,
) -> Result<Vec<String>> {
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let attendance = personal::attendance(conn, id).await?;
    let Some(snapshot) = latest_snapshot(conn, conference_id).await? else { return Ok(Vec::new()) };
    Ok(snapshot
        .sessions
        .iter()
        .filter(|s| personal::includes(&attendance, s, clock.local(s.starts_at).date()).is_some())
        .map(|s| s.uid.clone())
        .collect())
}

/// Whether the form is for registration `id` to answer.
pub(crate) async fn is_theirs(svc: &Service, form: &FeedbackForm, id: i64) -> Result<bool> {
    let Some(uid) = &form.session_uid else { return Ok(true) };
    let mut conn = svc.db.read().acquire().await?;
    Ok(own_sessions(svc, &mut conn, form.conference_id, id).await?.contains(uid))
}
