//! A whole conference as one archive, and back: for backups, and for moving a conference between
//! installations (SQLite to PostgreSQL included).
//!
//! The archive is a zip file (see `container.rs`) with `conference.json` and the bytes of every stored
//! file (photos, materials) as `files/<sha256>`. The JSON holds every row of every table of the
//! conference (`tables.rs` lists them): the conference, its organizers and coordinators (by email), the
//! draft agenda and every published version with its change list, rooms, tracks, people, sessions and
//! materials, registration settings, questions, unit quotas, registrations with their days, classes,
//! answers, history and check-ins, list imports, the outbox, feedback forms, questions, respondents,
//! submissions and answers, recommendations with their answers, minutes with every version and revision
//! (final hashes included), the official correspondence (the conference's lines of its agency's register
//! with each document as issued, the drafts with their revisions, the invited units with their
//! addresses and links), and the conference's audit log; plus the agencies and units they refer to.
//!
//! Rows keep their columns and values; ids become archive numbers (1, 2, … per table in id order), and
//! the import gives every row a new id and rewrites every reference, inside published versions too
//! (`snapshot.rs`). Rows of tables without an id are sorted by their values, so the same conference
//! always gives the same JSON: SQLite → archive → PostgreSQL → archive gives the same bytes.
//!
//! What does not carry over, by design:
//! - Accounts are not part of a conference. References to them are emails; on import an email without
//!   an account here is reported, its organizer or coordinator row left out and its other references
//!   (who published, saved, checked in) left empty.
//! - Anonymous feedback stays anonymous: respondents (who answered) and submissions (what was answered)
//!   are two lists with nothing linking them, and the submissions' edit tags, HMACs of form and delegate
//!   under the server secret, are not written (with the secret they would pair the two lists, and they
//!   name the old ids anyway). After an import, a delegate's earlier anonymous answers stay counted but
//!   can no longer be changed by them (the same happens when the server secret changes); named answers
//!   get their tags again and stay editable.
//! - Private links keep working (their stored hashes travel), but private calendar addresses are derived
//!   from the registration's id and the server secret, so delegates and organizers get new ones.
//! - Units' nomination links are derived from the conference's and the unit's ids and the server secret
//!   too, and everything the site shows, mails and prints derives them again; so the import gives each
//!   unit that had a link the link of the same generation for its new ids (revoked stays revoked), and the
//!   links in invitations sent before answer 404. Keeping the old hashes instead would leave the organizers'
//!   page, pending mails and invitations made again carrying links that do not work. Organizers renew a
//!   unit's link to mail it the new one. An invitation made again after the import carries the new link,
//!   so it differs from the issued file (whose hash the register keeps); other documents come out byte for
//!   byte as issued.
//! - The register of outgoing documents is the agency's, not the conference's: the conference's lines
//!   travel with their numbers and symbols as issued (they are printed on documents already sent), and on
//!   import enter the target agency's register as used numbers, so the agency's next number follows them
//!   and none is given twice. If the target agency's register already has one of them (the same number in
//!   its sequence, or the same symbol, in that year), the import is refused, naming the number: renumbering
//!   issued documents would falsify them. An agency the target already has keeps its own place name and
//!   numbering scheme; one it does not have is created with the archive's.
//! - The audit entry of the import itself is written site-wide (no conference), so the conference's own
//!   log stays as it was.
//!
//! Import runs in one transaction: a damaged or hostile archive (wrong format or version, truncated, a zip
//! bomb, unsafe or duplicated entries, oversized JSON, rows that do not fit) fails with a message saying
//! what is wrong, and nothing is written.

mod container;
mod dump;
mod restore;
mod snapshot;
pub mod tables;

use super::queries::by_slug_for_organizer;
use crate::Service;
use crate::accounts::{Actor, require_admin};
use crate::error::Result;
use hoinghi_domain::{AppError, Message};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub use container::{MAX_ARCHIVE_BYTES, MAX_ENTRIES, MAX_FILE_BYTES, MAX_JSON_BYTES, MAX_UNPACKED_BYTES};

/// The `format` of `conference.json`.
pub const FORMAT: &str = "hoinghi.conference-archive";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;
/// The archive's media type.
pub const CONTENT_TYPE: &str = "application/zip";

/// One row: columns by name.
pub type Row = Map<String, Value>;

/// `conference.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u32,
    /// The program that wrote it (informative).
    pub generator: String,
    /// The conference's slug (informative; the row is in `tables.conferences`).
    pub conference: String,
    pub agencies: Vec<AgencyRecord>,
    pub units: Vec<UnitRecord>,
    /// Rows by table name.
    pub tables: BTreeMap<String, Vec<Row>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRecord {
    pub name: String,
    pub abbreviation: String,
    pub parent_name: String,
    /// Where the agency has its seat (the date line of its documents).
    pub place_name: String,
    /// How its register numbers documents: `single` or `per_type`.
    pub numbering: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRecord {
    /// The unit's number in this archive.
    pub id: i64,
    /// Its agency's name.
    pub agency: String,
    pub name: String,
    pub admin_unit_code: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub conference_id: i64,
    pub slug: String,
    /// Emails in the archive without an account here (see the module's documentation).
    pub missing_accounts: Vec<String>,
    /// Rows written, by table.
    pub rows: BTreeMap<String, usize>,
    /// Stored files written.
    pub files: usize,
    /// Every final version of the minutes, checked after the import against its stored hashes.
    pub final_minutes: Vec<FinalMinutesCheck>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FinalMinutesCheck {
    pub version: i64,
    /// Whether the SHA-256 of the canonical content and of the PDF rendered again both match.
    pub hashes_match: bool,
}

/// The conference `slug` as an archive (zip bytes). For its organizers and administrators.
pub async fn export(svc: &Service, actor: &Actor, slug: &str) -> Result<Vec<u8>> {
    let c = by_slug_for_organizer(svc, actor, slug).await?;
    let (document, files) = dump::dump(svc, c.id).await?;
    let json = serde_json::to_vec_pretty(&document).map_err(anyhow::Error::from)?;
    Ok(container::write(&json, &files)?)
}

/// The archive's JSON as it would be written (for tests and tools that compare archives).
pub fn document_of(archive: &[u8]) -> Result<Document> {
    let unpacked = container::read(archive)?;
    Ok(parse(&unpacked.json)?)
}

fn refuse(key: &str) -> AppError {
    AppError::invalid("archive", Message::new(key))
}

/// Reads `conference.json`: the format and version first, so an archive of another kind or version gets
/// that message rather than a list of what differs.
fn parse(json: &[u8]) -> std::result::Result<Document, AppError> {
    let value: Value = serde_json::from_slice(json).map_err(|_| refuse("archive-error-json"))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(AppError::invalid("archive", Message::new("archive-error-format").arg("expected", FORMAT)));
    }
    let version = value.get("version").and_then(Value::as_i64).unwrap_or(-1);
    if version != VERSION as i64 {
        return Err(AppError::invalid(
            "archive",
            Message::new("archive-error-version").arg("found", version).arg("expected", VERSION as i64),
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        AppError::invalid("archive", Message::new("archive-error-structure").arg("detail", short(&e.to_string())))
    })
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

/// Restores a conference from an archive, with new ids, beside the conferences already here.
/// Administrators only: it can create agencies and units. Nothing is written unless all of it is.
pub async fn import(svc: &Service, actor: &Actor, archive: &[u8]) -> Result<ImportReport> {
    require_admin(actor)?;
    let unpacked = container::read(archive)?;
    let document = parse(&unpacked.json)?;
    restore::restore(svc, actor, document, unpacked.files).await
}
