//! A delegate's private link, `/r/<token>`.
//!
//! The token is derived, not drawn: the HMAC-SHA-256 of the registration id and `link_generation` under
//! the server secret (256 bits, URL-safe base64). Only its SHA-256 is stored, as for every secret, yet the
//! server can compute it again. So "send me my link" mails the link the delegate already has instead of
//! replacing it (a stranger who knows the email cannot take it away), and the outbox keeps a placeholder
//! that the sender fills in only when it sends (no message at rest holds a live link). We chose this over
//! keeping the token encrypted because nothing secret is stored at all and no key handling is added.
//! Raising `link_generation` would revoke a link, as for calendar addresses.
//!
//! A stored hash that is not the derived one (a link issued before migration 0009, or under another
//! server secret) is replaced when the link is next mailed, and kept as `previous_token_hash` until the
//! new link is first used: the old link keeps working until then.

use crate::Service;
use crate::db::Tx;
use crate::error::Result;
use crate::secrets::{hmac_token, sha256_hex};
use hoinghi_domain::AppError;

fn derive(svc: &Service, id: i64, generation: i64) -> String {
    hmac_token(&svc.settings.secret, format!("private-link/{id}/{generation}").as_bytes())
}

/// Gives a registration just inserted (with a throw-away hash) its link; returns the token.
pub(crate) async fn assign(svc: &Service, tx: &mut Tx, id: i64) -> Result<String> {
    let token = derive(svc, id, 0);
    sqlx::query("UPDATE registrations SET token_hash = $1, link_generation = 0 WHERE id = $2")
        .bind(sha256_hex(&token))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

/// The token of registration `id`'s link, to be mailed now; `None` if the registration is gone.
pub(crate) async fn current(svc: &Service, id: i64) -> Result<Option<String>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT link_generation, token_hash FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_optional(svc.db.read())
            .await?;
    let Some((generation, stored)) = row else { return Ok(None) };
    let (token, hash) = derived(svc, id, generation);
    if stored != hash {
        replace(&hash, id, generation).execute(svc.db.write()).await?;
    }
    Ok(Some(token))
}

/// [`current`] inside the caller's transaction (a repeated submission answered under the seat lock).
pub(crate) async fn current_in(svc: &Service, tx: &mut Tx, id: i64) -> Result<Option<String>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT link_generation, token_hash FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((generation, stored)) = row else { return Ok(None) };
    let (token, hash) = derived(svc, id, generation);
    if stored != hash {
        replace(&hash, id, generation).execute(&mut **tx).await?;
    }
    Ok(Some(token))
}

fn derived(svc: &Service, id: i64, generation: i64) -> (String, String) {
    let token = derive(svc, id, generation);
    let hash = sha256_hex(&token);
    (token, hash)
}

/// One statement, whose right-hand sides read the row as it was: senders racing here agree, and the
/// link last used (the previous one, while the newer one is unused) is the one kept.
fn replace<'q>(
    hash: &'q str,
    id: i64,
    generation: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    sqlx::query(
        "UPDATE registrations SET previous_token_hash = COALESCE(previous_token_hash, token_hash), token_hash = $1 \
         WHERE id = $2 AND link_generation = $3 AND token_hash <> $1",
    )
    .bind(hash)
    .bind(id)
    .bind(generation)
}

/// The registration (id, conference) behind a link; 404 for an unknown or revoked one. The first use of a
/// link that replaced an older one ends the older one.
pub(crate) async fn resolve(svc: &Service, token: &str) -> Result<(i64, i64)> {
    let hash = sha256_hex(token.trim());
    let row: Option<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, conference_id, token_hash, previous_token_hash FROM registrations \
         WHERE token_hash = $1 OR previous_token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(svc.db.read())
    .await?;
    let (id, conference_id, current, previous) = row.ok_or(AppError::NotFound)?;
    if previous.is_some() && current == hash {
        sqlx::query("UPDATE registrations SET previous_token_hash = NULL WHERE id = $1 AND token_hash = $2")
            .bind(id)
            .bind(&hash)
            .execute(svc.db.write())
            .await?;
    }
    Ok((id, conference_id))
}
