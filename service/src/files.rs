//! Files the app stores (photos, session materials), kept in the database so every app server has them.
//! A stored file never changes: its address includes its id, so it can be cached for good.

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::db::{Tx, now};
use crate::error::Result;
use hoinghi_domain::AppError;
use sha2::{Digest, Sha256};

pub struct StoredFile {
    pub content_type: String,
    pub name: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// Stores bytes for a conference and returns the file's id.
pub(crate) async fn store(tx: &mut Tx, conference_id: i64, content_type: &str, name: &str, data: &[u8]) -> Result<i64> {
    let sha = hex::encode(Sha256::digest(data));
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO files (conference_id, sha256, content_type, size, name, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(conference_id)
    .bind(&sha)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(name)
    .bind(data)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// The public address of a stored file.
pub fn url(id: i64, name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '-' }).collect();
    format!("/files/{id}/{safe}")
}

/// A file, if the actor may see it: anyone for a published conference, its organizers otherwise.
pub async fn get(svc: &Service, actor: &Actor, id: i64) -> Result<StoredFile> {
    let row: Option<(i64, String, String, String, Vec<u8>, String)> = sqlx::query_as(
        "SELECT f.conference_id, f.content_type, f.name, f.sha256, f.data, c.status FROM files f \
         JOIN conferences c ON c.id = f.conference_id WHERE f.id = $1",
    )
    .bind(id)
    .fetch_optional(svc.db.read())
    .await?;
    let (conference_id, content_type, name, sha256, data, status) = row.ok_or(AppError::NotFound)?;
    if status == "draft" && require_organizer(svc, actor, conference_id).await.is_err() {
        return Err(AppError::NotFound.into());
    }
    Ok(StoredFile { content_type, name, sha256, data })
}
