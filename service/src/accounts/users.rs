//! Creating and listing organizer accounts.

use super::{Actor, passwords, require_admin};
use crate::Service;
use crate::db::{Flag, is_unique_violation, now};
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::account::{User, limits};
use hoinghi_domain::{Message, text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CreateUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    #[serde(default)]
    pub is_admin: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[sqlx(try_from = "Flag")]
    pub is_admin: bool,
    pub created_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User { id: r.id, email: r.email, display_name: r.display_name, is_admin: r.is_admin, created_at: r.created_at }
    }
}

/// Email addresses are compared and stored lower-cased and NFC.
pub(crate) fn email_key(email: &str) -> String {
    text::clean_line(email).to_lowercase()
}

pub async fn create_user(svc: &Service, actor: &Actor, input: CreateUser) -> Result<User> {
    require_admin(actor)?;
    let email = email_key(&input.email);
    let display_name = text::clean_line(&input.display_name);
    let mut check = Checker::new();
    crate::email::check(check.errors(), "email", &email);
    check.required("display_name", &display_name).max_len("display_name", &display_name, limits::DISPLAY_NAME);
    // Passwords are not normalised beyond NFC: any character counts.
    let password = passwords::normalize(&input.password);
    check.min_len("password", &password, limits::PASSWORD_MIN).max_len("password", &password, limits::PASSWORD_MAX);
    check.finish()?;

    let hash = passwords::hash_password(password).await?;
    let row: std::result::Result<UserRow, sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, is_admin, disabled, created_at) \
         VALUES ($1, $2, $3, $4, FALSE, $5) \
         RETURNING id, email, display_name, is_admin, created_at",
    )
    .bind(&email)
    .bind(&display_name)
    .bind(&hash)
    .bind(input.is_admin)
    .bind(now())
    .fetch_one(svc.db.write())
    .await;
    match row {
        Ok(r) => Ok(r.into()),
        Err(e) if is_unique_violation(&e) => {
            Err(hoinghi_domain::AppError::invalid("email", Message::new("users-error-email-taken")).into())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn list_users(svc: &Service, actor: &Actor) -> Result<Vec<User>> {
    require_admin(actor)?;
    let rows: Vec<UserRow> =
        sqlx::query_as("SELECT id, email, display_name, is_admin, created_at FROM users ORDER BY id")
            .fetch_all(svc.db.read())
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn find_user_by_email(svc: &Service, email: &str) -> Result<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT id, email, display_name, is_admin, created_at FROM users WHERE email = $1 AND NOT disabled",
    )
    .bind(email_key(email))
    .fetch_optional(svc.db.read())
    .await?;
    Ok(row.map(Into::into))
}

/// Whether any account exists (a fresh installation has none).
pub async fn has_users(svc: &Service) -> Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM users LIMIT 1").fetch_optional(svc.db.read()).await?;
    Ok(found.is_some())
}
