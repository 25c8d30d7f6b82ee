//! API tokens for integrations: created by an organizer signed in with their password, hashed at rest,
//! revocable. A token cannot create tokens: one that leaked could otherwise mint others that survive its
//! revocation.

use super::{Actor, require_session, require_user};
use crate::Service;
use crate::db::{Flag, now};
use crate::error::Result;
use crate::secrets::{random_token, sha256_hex};
use crate::validate::Checker;
use hoinghi_domain::AppError;
use hoinghi_domain::account::{ApiToken, NewApiToken, limits};
use hoinghi_domain::text;

/// Tokens start with this, so leaked ones are easy to recognise (and to scan for).
const TOKEN_PREFIX: &str = "hn_";
const LAST_USED_RESOLUTION_SECS: i64 = 60;

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

pub async fn create_token(svc: &Service, actor: &Actor, name: &str) -> Result<NewApiToken> {
    require_session(actor)?;
    let user_id = actor.user_id().ok_or(AppError::Forbidden)?;
    let name = text::clean_line(name);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, limits::TOKEN_NAME);
    check.finish()?;
    let secret = format!("{TOKEN_PREFIX}{}", random_token(32));
    let prefix: String = secret.chars().take(10).collect();
    let row: TokenRow = sqlx::query_as(
        "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id, name, prefix, created_at, last_used_at, revoked_at",
    )
    .bind(user_id)
    .bind(&name)
    .bind(&prefix)
    .bind(sha256_hex(&secret))
    .bind(now())
    .fetch_one(svc.db.write())
    .await?;
    Ok(NewApiToken { token: row.into(), secret })
}

pub async fn list_tokens(svc: &Service, actor: &Actor) -> Result<Vec<ApiToken>> {
    require_user(actor)?;
    let user_id = actor.user_id().ok_or(AppError::Forbidden)?;
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn revoke_token(svc: &Service, actor: &Actor, token_id: i64) -> Result<()> {
    require_user(actor)?;
    let user_id = actor.user_id().ok_or(AppError::Forbidden)?;
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now())
            .bind(token_id)
            .bind(user_id)
            .execute(svc.db.write())
            .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// The actor behind a bearer token, or `None` for an unknown or revoked token.
pub async fn authenticate_token(svc: &Service, secret: &str) -> Result<Option<Actor>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let hash = sha256_hex(secret);
    let row: Option<(i64, i64, Flag, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, u.id, u.is_admin, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled",
    )
    .bind(&hash)
    .fetch_optional(svc.db.read())
    .await?;
    let Some((token_id, user_id, is_admin, last_used)) = row else { return Ok(None) };
    let at = now();
    if last_used.is_none_or(|t| at - t >= LAST_USED_RESOLUTION_SECS) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token_id)
            .execute(svc.db.write())
            .await?;
    }
    Ok(Some(Actor::Token { id: user_id, is_admin: is_admin.0 }))
}
