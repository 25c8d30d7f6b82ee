//! Browser sign-in: password check, rate limit, and session tokens.
//!
//! The cookie holds a random token; the database holds its hash. The sign-in limits live in the database
//! (not in one process's memory) so they hold across several app servers; see [`super::throttle`].

use super::users::{UserRow, email_key};
use super::{passwords, throttle};
use crate::Service;
use crate::db::{Flag, now};
use crate::error::Result;
use crate::secrets::{random_token, sha256_hex};
use hoinghi_domain::account::User;
use hoinghi_domain::{AppError, Message};

pub const SESSION_DAYS: i64 = 14;
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

/// Signs in with email and password. The attempt is counted (and refused while the account or the
/// address must wait, see [`super::throttle`]) before the password is checked.
pub async fn login(svc: &Service, email: &str, password: &str, ip: &str) -> Result<LoginOutcome> {
    let key = email_key(email);
    let attempt = throttle::admit(svc, &key, ip).await?;

    let row: Option<(i64, String, String, Flag, Flag, i64, String)> = sqlx::query_as(
        "SELECT id, email, display_name, is_admin, disabled, created_at, password_hash FROM users WHERE email = $1",
    )
    .bind(&key)
    .fetch_optional(svc.db.read())
    .await?;
    // An unknown email is checked against a dummy hash: the answer takes as long either way.
    let stored = row.as_ref().map(|r| r.6.clone());
    let matches = passwords::check_password(passwords::normalize(password), stored).await?;
    let user = match row {
        Some((id, email, display_name, is_admin, disabled, created_at, _)) if matches => {
            if disabled.0 {
                return Err(AppError::rejected("login-disabled").into());
            }
            UserRow { id, email, display_name, is_admin: is_admin.0, created_at }
        }
        _ => return Err(AppError::invalid("password", Message::new("login-failed")).into()),
    };
    throttle::succeeded(svc, &attempt).await?;

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
