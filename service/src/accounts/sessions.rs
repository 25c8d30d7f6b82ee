//! Browser sign-in: password check, rate limit, and session tokens.
//!
//! The cookie holds a random token; the database holds its hash. The rate limit lives in the database
//! (not in one process's memory) so it holds across several app servers.

use super::passwords;
use super::users::{UserRow, email_key};
use crate::Service;
use crate::db::{Flag, now};
use crate::error::Result;
use crate::secrets::{random_token, sha256_hex};
use hoinghi_domain::account::User;
use hoinghi_domain::{AppError, Message};

pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per account, and per client address, within the window.
const MAX_FAILURES_PER_EMAIL: i64 = 5;
const MAX_FAILURES_PER_IP: i64 = 20;
const WINDOW_SECS: i64 = 15 * 60;
/// How stale `last_seen_at` may get before a request refreshes it (saves a write per request).
const TOUCH_EVERY_SECS: i64 = 300;

pub struct LoginOutcome {
    /// The cookie value; shown to nobody else and never stored.
    pub token: String,
    pub user: User,
}

impl std::fmt::Debug for LoginOutcome {
    // The token is a credential: never in logs or test output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginOutcome").field("token", &"<redacted>").field("user", &self.user).finish()
    }
}

pub async fn login(svc: &Service, email: &str, password: &str, ip: &str) -> Result<LoginOutcome> {
    let key = email_key(email);
    let since = now() - WINDOW_SECS;
    let (by_email, oldest_email): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE email_key = $1 AND at > $2 AND NOT succeeded",
    )
    .bind(&key)
    .bind(since)
    .fetch_one(svc.db.read())
    .await?;
    let (by_ip, oldest_ip): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_attempts WHERE ip = $1 AND at > $2 AND NOT succeeded")
            .bind(ip)
            .bind(since)
            .fetch_one(svc.db.read())
            .await?;
    let limited = if by_email >= MAX_FAILURES_PER_EMAIL {
        oldest_email
    } else if by_ip >= MAX_FAILURES_PER_IP {
        oldest_ip
    } else {
        None
    };
    if let Some(oldest) = limited {
        let retry = (oldest + WINDOW_SECS - now()).max(1) as u64;
        return Err(AppError::RateLimited { retry_after_secs: retry }.into());
    }

    let row: Option<(i64, String, String, Flag, Flag, i64, String)> = sqlx::query_as(
        "SELECT id, email, display_name, is_admin, disabled, created_at, password_hash FROM users WHERE email = $1",
    )
    .bind(&key)
    .fetch_optional(svc.db.read())
    .await?;
    let user = match row {
        Some((id, email, display_name, is_admin, disabled, created_at, hash)) if passwords::verify(password, &hash) => {
            if disabled.0 {
                record(svc, &key, ip, false).await?;
                return Err(AppError::rejected("login-disabled").into());
            }
            UserRow { id, email, display_name, is_admin: is_admin.0, created_at }
        }
        Some(_) => {
            record(svc, &key, ip, false).await?;
            return Err(AppError::invalid("password", Message::new("login-failed")).into());
        }
        None => {
            passwords::verify_dummy(password);
            record(svc, &key, ip, false).await?;
            return Err(AppError::invalid("password", Message::new("login-failed")).into());
        }
    };
    record(svc, &key, ip, true).await?;

    let token = random_token(32);
    let at = now();
    sqlx::query(
        "INSERT INTO login_sessions (token_hash, user_id, created_at, expires_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $3)",
    )
    .bind(sha256_hex(&token))
    .bind(user.id)
    .bind(at)
    .bind(at + SESSION_DAYS * 86_400)
    .execute(svc.db.write())
    .await?;
    Ok(LoginOutcome { token, user: user.into() })
}

async fn record(svc: &Service, email_key: &str, ip: &str, succeeded: bool) -> Result<()> {
    let at = now();
    let mut tx = svc.db.begin().await?;
    sqlx::query("INSERT INTO login_attempts (email_key, ip, at, succeeded) VALUES ($1, $2, $3, $4)")
        .bind(email_key)
        .bind(ip)
        .bind(at)
        .bind(succeeded)
        .execute(&mut *tx)
        .await?;
    if succeeded {
        // A successful sign-in forgives the account's earlier failures.
        sqlx::query("DELETE FROM login_attempts WHERE email_key = $1 AND NOT succeeded")
            .bind(email_key)
            .execute(&mut *tx)
            .await?;
    }
    // Old attempts are of no further use.
    sqlx::query("DELETE FROM login_attempts WHERE at < $1").bind(at - 86_400).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The user a session cookie belongs to, if the session is valid.
pub async fn session_user(svc: &Service, token: &str) -> Result<Option<User>> {
    let hash = sha256_hex(token);
    let row: Option<(i64, String, String, Flag, i64, i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.is_admin, u.created_at, s.expires_at, s.last_seen_at \
         FROM login_sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND NOT u.disabled",
    )
    .bind(&hash)
    .fetch_optional(svc.db.read())
    .await?;
    let Some((id, email, display_name, is_admin, created_at, expires_at, last_seen)) = row else {
        return Ok(None);
    };
    let at = now();
    if expires_at <= at {
        return Ok(None);
    }
    if at - last_seen > TOUCH_EVERY_SECS {
        sqlx::query("UPDATE login_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(&hash)
            .execute(svc.db.write())
            .await?;
    }
    Ok(Some(User { id, email, display_name, is_admin: is_admin.0, created_at }))
}

pub async fn logout(svc: &Service, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_sessions WHERE token_hash = $1")
        .bind(sha256_hex(token))
        .execute(svc.db.write())
        .await?;
    Ok(())
}
