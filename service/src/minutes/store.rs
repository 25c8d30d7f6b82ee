//! Rows of `minutes` and `minutes_revisions`.

use crate::error::Result;
use hoinghi_domain::minutes::{MinutesContent, MinutesRevision, MinutesState, MinutesVersion};
use sqlx::AnyConnection;

type Row = (i64, i64, String, Option<i64>, String, i64, Option<String>, Option<String>, Option<i64>);

const COLUMNS: &str = "m.id, m.version, m.state, m.replaces_id, m.correction_reason, m.revision, m.content_hash, \
     m.pdf_hash, m.finalized_at";

/// A version and the number of its latest revision.
pub(crate) struct Current {
    pub version: MinutesVersion,
    pub revision: i64,
}

fn from_row(r: Row, all: &[(i64, i64)]) -> Current {
    let (id, version, state, replaces_id, reason, revision, content_hash, pdf_hash, finalized_at) = r;
    Current {
        version: MinutesVersion {
            id,
            version,
            state: MinutesState::parse(&state).unwrap_or_default(),
            replaces_id,
            replaces_version: replaces_id.and_then(|r| all.iter().find(|(i, _)| *i == r).map(|(_, v)| *v)),
            correction_reason: reason,
            content_hash,
            pdf_hash,
            finalized_at,
        },
        revision,
    }
}

/// Every version of a conference's minutes, newest first.
pub(crate) async fn versions(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Current>> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM minutes m WHERE m.conference_id = $1 ORDER BY m.version DESC"))
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;
    let ids: Vec<(i64, i64)> = rows.iter().map(|r| (r.0, r.1)).collect();
    Ok(rows.into_iter().map(|r| from_row(r, &ids)).collect())
}

pub(crate) async fn latest(conn: &mut AnyConnection, conference_id: i64) -> Result<Option<Current>> {
    Ok(versions(conn, conference_id).await?.into_iter().next())
}

/// The content of a revision, with who saved it.
pub(crate) async fn content(
    conn: &mut AnyConnection,
    minutes_id: i64,
    number: i64,
) -> Result<(MinutesContent, String)> {
    let (json, by): (String, Option<String>) = sqlx::query_as(
        "SELECT r.content, u.display_name FROM minutes_revisions r LEFT JOIN users u ON u.id = r.saved_by \
         WHERE r.minutes_id = $1 AND r.number = $2",
    )
    .bind(minutes_id)
    .bind(number)
    .fetch_one(&mut *conn)
    .await?;
    Ok((serde_json::from_str(&json).map_err(anyhow::Error::from)?, by.unwrap_or_default()))
}

pub(crate) async fn revisions(conn: &mut AnyConnection, minutes_id: i64) -> Result<Vec<MinutesRevision>> {
    let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.number, u.display_name, r.saved_at FROM minutes_revisions r LEFT JOIN users u ON u.id = r.saved_by \
         WHERE r.minutes_id = $1 ORDER BY r.number DESC",
    )
    .bind(minutes_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(number, by, saved_at)| MinutesRevision { number, saved_by: by.unwrap_or_default(), saved_at })
        .collect())
}

pub(crate) async fn add_revision(
    conn: &mut AnyConnection,
    minutes_id: i64,
    number: i64,
    content: &MinutesContent,
    user_id: Option<i64>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO minutes_revisions (minutes_id, number, content, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(minutes_id)
    .bind(number)
    .bind(super::content::canonical(content))
    .bind(user_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
