//! Files the app stores (photos, session materials), kept in the database so every app server has them.
//! A stored file never changes. Its address carries a random key rather than its sequential id, so
//! nobody can list files by counting; and who may fetch it follows what it belongs to (see [`get`]).

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::db::{Tx, now};
use crate::error::Result;
use crate::secrets::random_token;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::ConferenceStatus;
use sha2::{Digest, Sha256};

pub struct StoredFile {
    pub content_type: String,
    pub name: String,
    pub sha256: String,
    pub data: Vec<u8>,
    /// Whether anyone may fetch it (else only organizers may, and it must not be kept by shared caches).
    pub public: bool,
}

/// Stores bytes for a conference and returns the file's id. The file gets a random key, which its
/// address carries (see [`url`]).
pub(crate) async fn store(tx: &mut Tx, conference_id: i64, content_type: &str, name: &str, data: &[u8]) -> Result<i64> {
    let sha = hex::encode(Sha256::digest(data));
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO files (conference_id, sha256, content_type, size, name, data, created_at, access_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(conference_id)
    .bind(&sha)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(name)
    .bind(data)
    .bind(now())
    .bind(random_token(16))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// The address of a stored file: `/files/<key>/<name>`, or `/files/<id>/<name>` for a file stored before
/// files had keys (published versions keep those addresses, so they go on working).
pub fn url(id: i64, key: Option<&str>, name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '-' }).collect();
    match key {
        Some(key) => format!("/files/{key}/{safe}"),
        None => format!("/files/{id}/{safe}"),
    }
}

/// The address segment that names a file: its key, or its id when it has none.
fn handle_prefix(handle: &str) -> String {
    format!("/files/{handle}/")
}

/// A file, if the actor may see it (else `NotFound`, as for a file that does not exist). `handle` is the
/// first segment of its address: the key, or the id of a file stored before keys.
///
/// A file is public when the public pages show it: the material of a session in the latest published
/// agenda of a public conference, or the photo of a person with a role in such a session. Anything else
/// (drafts, materials added since the last publication, people not in the agenda) is for the
/// conference's organizers and administrators.
pub async fn get(svc: &Service, actor: &Actor, handle: &str) -> Result<StoredFile> {
    let legacy = !handle.is_empty() && handle.bytes().all(|b| b.is_ascii_digit());
    let select = "SELECT f.conference_id, f.content_type, f.name, f.sha256, f.data, c.status FROM files f \
                  JOIN conferences c ON c.id = f.conference_id";
    let row: Option<(i64, String, String, String, Vec<u8>, String)> = if legacy {
        let Ok(id) = handle.parse::<i64>() else { return Err(AppError::NotFound.into()) };
        sqlx::query_as(&format!("{select} WHERE f.id = $1 AND f.access_key IS NULL"))
            .bind(id)
            .fetch_optional(svc.db.read())
            .await?
    } else {
        sqlx::query_as(&format!("{select} WHERE f.access_key = $1")).bind(handle).fetch_optional(svc.db.read()).await?
    };
    let (conference_id, content_type, name, sha256, data, status) = row.ok_or(AppError::NotFound)?;
    let public = ConferenceStatus::parse(&status).is_some_and(ConferenceStatus::is_public)
        && crate::agenda::shows_file(svc, conference_id, &handle_prefix(handle)).await?;
    if !public && require_organizer(svc, actor, conference_id).await.is_err() {
        return Err(AppError::NotFound.into());
    }
    Ok(StoredFile { content_type, name, sha256, data, public })
}
