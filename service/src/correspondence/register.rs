//! The register of outgoing documents ("sổ đăng ký văn bản đi") of an agency.
//!
//! Numbers run per calendar year (of the issue date), in one sequence or one per document type as the
//! agency chooses (Decree 30/2020, art. 15). A number is given when a document is issued: inside the
//! issuing transaction, which first takes the agency's register lock (`Db::lock`, a PostgreSQL advisory
//! lock; on SQLite the single writer), then reads the highest number of the sequence and takes the next.
//! Counting from the rows themselves means nothing can drift; the unique indexes on (agency, year,
//! sequence, number) and (agency, year, symbol) are the final guarantee. A number is never reused: rows
//! are never deleted. An organizer may record a number given outside the system; it then counts as used.

use crate::Service;
use crate::accounts::{Actor, require_admin, require_organizer};
use crate::agenda::ConferenceClock;
use crate::conferences::by_id_internal;
use crate::db::{Flag, LockScope, Tx, is_unique_violation, now};
use crate::error::Result;
use crate::validate::Checker;
use chrono::{Datelike, NaiveDate};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::correspondence::{
    AgencyRegister, DocumentKind, Numbering, RegisterEntry, RegisterSettingsInput, TakeNumberInput, limits,
};
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

/// The issuing agency of a conference, as its documents need it.
#[derive(Clone, Debug)]
pub(crate) struct Agency {
    pub id: i64,
    pub name: String,
    pub abbreviation: String,
    pub parent_name: String,
    pub numbering: Numbering,
}

/// The conference's agency; correspondence needs one with an abbreviation (it is in every number).
pub(crate) async fn agency_of(svc: &Service, c: &Conference) -> Result<Agency> {
    let a = c.agency.as_ref().ok_or(AppError::rejected("correspondence-error-no-agency"))?;
    if a.abbreviation.trim().is_empty() {
        return Err(AppError::rejected("correspondence-error-no-agency").into());
    }
    let (numbering,): (String,) =
        sqlx::query_as("SELECT numbering FROM agencies WHERE id = $1").bind(a.id).fetch_one(svc.db.read()).await?;
    Ok(Agency {
        id: a.id,
        name: a.name.clone(),
        abbreviation: a.abbreviation.clone(),
        parent_name: a.parent_name.clone(),
        numbering: Numbering::parse(&numbering).unwrap_or_default(),
    })
}

/// Today in the conference's time zone: the issue date of what is issued now.
pub(crate) fn today(c: &Conference) -> NaiveDate {
    ConferenceClock::of(c).local(now()).date()
}

/// The sequence a kind of document is numbered in.
fn sequence(numbering: Numbering, kind: DocumentKind) -> &'static str {
    match numbering {
        Numbering::Single => "",
        Numbering::PerType => kind.abbreviation().unwrap_or("CV"),
    }
}

/// What follows the number in the symbol: "GM-BHXH" for a document with a type name, "BHXH-HTQT" for a
/// letter drafted by HTQT ("BHXH" alone without a drafting unit).
pub(crate) fn suffix(kind: DocumentKind, agency: &str, drafting_unit: &str) -> String {
    match kind.abbreviation() {
        Some(t) => format!("{t}-{agency}"),
        None if drafting_unit.trim().is_empty() => agency.to_string(),
        None => format!("{agency}-{}", drafting_unit.trim()),
    }
}

/// "05/GM-BHXH": numbers under 10 take a leading zero.
pub(crate) fn symbol(kind: DocumentKind, number: i64, agency: &str, drafting_unit: &str) -> String {
    format!("{number:02}/{}", suffix(kind, agency, drafting_unit))
}

/// A number taken in the register.
#[derive(Clone, Debug)]
pub(crate) struct Taken {
    pub year: i64,
    pub sequence: String,
    pub number: i64,
    pub symbol: String,
    pub external: bool,
}

/// Takes the next number of `kind`'s sequence for a document issued on `issued_on`, or checks and records
/// `outside`, a number given outside the system. Locks the agency's register for the rest of `tx`.
pub(crate) async fn take(
    svc: &Service,
    tx: &mut Tx,
    agency: &Agency,
    kind: DocumentKind,
    issued_on: NaiveDate,
    drafting_unit: &str,
    outside: Option<&str>,
) -> Result<Taken> {
    svc.db.lock(tx, LockScope::Register, agency.id).await?;
    // Read again under the lock: an administrator may just have changed it.
    let (numbering,): (String,) =
        sqlx::query_as("SELECT numbering FROM agencies WHERE id = $1").bind(agency.id).fetch_one(&mut **tx).await?;
    let sequence = sequence(Numbering::parse(&numbering).unwrap_or_default(), kind).to_string();
    let year = i64::from(issued_on.year());
    if let Some(outside) = outside.map(clean_line).filter(|s| !s.is_empty()) {
        let expected = suffix(kind, &agency.abbreviation, drafting_unit);
        let parsed = outside
            .split_once('/')
            .and_then(|(n, rest)| n.trim().parse::<i64>().ok().filter(|n| *n > 0).map(|n| (n, rest.trim())));
        let number = match parsed {
            Some((n, rest)) if kind.abbreviation().is_some() && rest == expected => n,
            Some((n, rest)) if kind.abbreviation().is_none() && rest.starts_with(&agency.abbreviation) => n,
            _ => {
                return Err(AppError::invalid(
                    "outside_number",
                    Message::new("register-error-symbol").arg("example", format!("05/{expected}")),
                )
                .into());
            }
        };
        let symbol = format!("{number:02}/{}", outside.split_once('/').map(|(_, r)| r.trim()).unwrap_or_default());
        if is_used(tx, agency.id, year, &sequence, number, &symbol).await? {
            return Err(taken_error(&symbol, year).into());
        }
        return Ok(Taken { year, sequence, number, symbol, external: true });
    }
    // The highest number of the sequence; documents of the same symbol form numbered in another scheme
    // earlier in the year (the agency changed its choice) count too, so no symbol repeats.
    let (last,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM outgoing_documents \
         WHERE agency_id = $1 AND year = $2 AND (sequence = $3 OR symbol LIKE $4)",
    )
    .bind(agency.id)
    .bind(year)
    .bind(&sequence)
    .bind(format!("%/{}", suffix(kind, &agency.abbreviation, drafting_unit)))
    .fetch_one(&mut **tx)
    .await?;
    let number = last + 1;
    Ok(Taken {
        year,
        sequence,
        number,
        symbol: symbol(kind, number, &agency.abbreviation, drafting_unit),
        external: false,
    })
}

/// Whether the agency's register already has `number` in `sequence`, or `symbol`, in `year` (a number
/// given outside the system, or brought by an imported conference, must be free in both ways).
pub(crate) async fn is_used(
    tx: &mut Tx,
    agency_id: i64,
    year: i64,
    sequence: &str,
    number: i64,
    symbol: &str,
) -> Result<bool> {
    let used: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM outgoing_documents WHERE agency_id = $1 AND year = $2 \
         AND ((sequence = $3 AND number = $4) OR symbol = $5)",
    )
    .bind(agency_id)
    .bind(year)
    .bind(sequence)
    .bind(number)
    .bind(symbol)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(used.is_some())
}

fn taken_error(symbol: &str, year: i64) -> AppError {
    AppError::invalid(
        "outside_number",
        Message::new("register-error-taken").arg("symbol", symbol).arg("year", year.to_string()),
    )
}

/// A register line to write, besides its number.
pub(crate) struct NewEntry {
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub subject: String,
    pub signer: String,
    pub recipients: String,
    pub copies: i64,
    pub conference_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub admin_unit_code: Option<String>,
    pub link_generation: Option<i64>,
    /// The document's content (JSON), or empty for a document made outside the system.
    pub content: String,
    pub issued_by: Option<i64>,
}

impl NewEntry {
    /// The line of a letter about the whole conference (no one unit's): one copy, its recipients as the
    /// letter lists them, and the letter itself as the content its PDF is made again from.
    pub fn conference_letter(
        kind: DocumentKind,
        issued_on: NaiveDate,
        (subject, signer): (&str, &str),
        letter: &hoinghi_documents::Letter,
        conference_id: i64,
        issued_by: Option<i64>,
    ) -> Result<NewEntry> {
        Ok(NewEntry {
            kind,
            issued_on,
            subject: subject.to_string(),
            signer: signer.to_string(),
            recipients: letter.recipients.join("; "),
            copies: 1,
            conference_id: Some(conference_id),
            unit_id: None,
            admin_unit_code: None,
            link_generation: None,
            content: serde_json::to_string(letter).map_err(anyhow::Error::from)?,
            issued_by,
        })
    }
}

/// Writes the register line of `taken` in the caller's transaction; returns its id.
pub(crate) async fn insert(tx: &mut Tx, agency: &Agency, taken: &Taken, e: NewEntry) -> Result<i64> {
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO outgoing_documents (agency_id, year, sequence, number, symbol, external, kind, issued_on, subject, \
         signer, recipients, copies, conference_id, unit_id, admin_unit_code, link_generation, content, issued_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(agency.id)
    .bind(taken.year)
    .bind(&taken.sequence)
    .bind(taken.number)
    .bind(&taken.symbol)
    .bind(taken.external)
    .bind(e.kind.as_str())
    .bind(e.issued_on.to_string())
    .bind(&e.subject)
    .bind(&e.signer)
    .bind(&e.recipients)
    .bind(e.copies)
    .bind(e.conference_id)
    .bind(e.unit_id)
    .bind(&e.admin_unit_code)
    .bind(e.link_generation)
    .bind(&e.content)
    .bind(e.issued_by)
    .bind(now())
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok((id,)) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(taken_error(&taken.symbol, taken.year).into()),
        Err(e) => Err(e.into()),
    }
}

/// Records the hash of an issued document's PDF (made after its transaction, from what was stored).
pub(crate) async fn set_pdf_hash(svc: &Service, id: i64, hash: &str) -> Result<()> {
    sqlx::query("UPDATE outgoing_documents SET pdf_sha256 = $1 WHERE id = $2 AND pdf_sha256 = ''")
        .bind(hash)
        .bind(id)
        .execute(svc.db.write())
        .await?;
    Ok(())
}

type Row = (i64, i64, i64, String, String, String, String, String, String, i64, Flag, Option<i64>, String, String);

const COLUMNS: &str = "id, year, number, symbol, kind, issued_on, subject, signer, recipients, copies, external, \
                       conference_id, content, pdf_sha256";

fn entry(r: Row) -> RegisterEntry {
    let (
        id,
        year,
        number,
        symbol,
        kind,
        issued_on,
        subject,
        signer,
        recipients,
        copies,
        external,
        conference_id,
        content,
        hash,
    ) = r;
    RegisterEntry {
        id,
        year,
        number,
        symbol,
        kind: DocumentKind::parse(&kind).unwrap_or(DocumentKind::AnswerLetter),
        issued_on,
        subject,
        signer,
        recipients,
        copies,
        external: external.0,
        conference_id,
        has_file: !content.is_empty(),
        pdf_sha256: hash,
    }
}

/// One register line with its stored content and who it went to.
pub(crate) struct Stored {
    pub entry: RegisterEntry,
    pub content: String,
    pub unit_id: Option<i64>,
    pub link_generation: Option<i64>,
}

pub(crate) async fn stored(conn: &mut AnyConnection, id: i64) -> Result<Option<Stored>> {
    let row: Option<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT unit_id, link_generation FROM outgoing_documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((unit_id, link_generation)) = row else { return Ok(None) };
    let r: Row = sqlx::query_as(&format!("SELECT {COLUMNS} FROM outgoing_documents WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let content = r.12.clone();
    Ok(Some(Stored { entry: entry(r), content, unit_id, link_generation }))
}

/// The register lines of a conference of one kind, in number order.
pub(crate) async fn of_conference(
    conn: &mut AnyConnection,
    conference_id: i64,
    kind: DocumentKind,
) -> Result<Vec<RegisterEntry>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outgoing_documents WHERE conference_id = $1 AND kind = $2 ORDER BY year, number, id"
    ))
    .bind(conference_id)
    .bind(kind.as_str())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(entry).collect())
}

async fn settings_of(svc: &Service, c: &Conference) -> Result<AgencyRegister> {
    let a = agency_of(svc, c).await?;
    let (place,): (String,) =
        sqlx::query_as("SELECT place_name FROM agencies WHERE id = $1").bind(a.id).fetch_one(svc.db.read()).await?;
    Ok(AgencyRegister {
        agency_id: a.id,
        agency_name: a.name,
        abbreviation: a.abbreviation,
        numbering: a.numbering,
        place_name: place,
    })
}

/// The register of the conference's agency for `year` (this year when `None`), with its settings.
pub async fn register(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    year: Option<i64>,
) -> Result<(AgencyRegister, i64, Vec<RegisterEntry>)> {
    require_organizer(svc, actor, conference_id).await?;
    let c = by_id_internal(svc, conference_id).await?;
    let settings = settings_of(svc, &c).await?;
    let year = year.unwrap_or_else(|| i64::from(today(&c).year()));
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outgoing_documents WHERE agency_id = $1 AND year = $2 ORDER BY sequence, number"
    ))
    .bind(settings.agency_id)
    .bind(year)
    .fetch_all(svc.db.read())
    .await?;
    Ok((settings, year, rows.into_iter().map(entry).collect()))
}

/// How the agency numbers its documents and where it has its seat (administrators: the agency is
/// reference data shared by its conferences).
pub async fn update_settings(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: RegisterSettingsInput,
) -> Result<AgencyRegister> {
    require_admin(actor)?;
    let c = by_id_internal(svc, conference_id).await?;
    let agency = agency_of(svc, &c).await?;
    let mut check = Checker::new();
    let numbering = Numbering::parse(input.numbering.trim());
    if numbering.is_none() {
        check.add("numbering", Message::new("error-choice"));
    }
    let place = clean_line(&input.place_name);
    check.max_len("place_name", &place, 100);
    check.finish()?;
    let mut tx = svc.db.begin().await?;
    // Under the register lock, so no number is taken in the old scheme while the scheme changes.
    svc.db.lock(&mut tx, LockScope::Register, agency.id).await?;
    sqlx::query("UPDATE agencies SET numbering = $1, place_name = $2 WHERE id = $3")
        .bind(numbering.expect("checked").as_str())
        .bind(&place)
        .bind(agency.id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "register.settings", &input.numbering).await?;
    tx.commit().await?;
    let c = by_id_internal(svc, conference_id).await?;
    settings_of(svc, &c).await
}

/// Takes the next number for a document drafted outside the system (the văn thư registers it; the
/// document itself stays where it was made).
pub async fn take_number(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: TakeNumberInput,
) -> Result<RegisterEntry> {
    require_organizer(svc, actor, conference_id).await?;
    let c = by_id_internal(svc, conference_id).await?;
    let agency = agency_of(svc, &c).await?;
    let mut check = Checker::new();
    let kind = DocumentKind::parse(input.kind.trim());
    if kind.is_none() {
        check.add("kind", Message::new("error-choice"));
    }
    let subject = clean_line(&input.subject);
    let signer = clean_line(&input.signer);
    let recipients = clean_text(&input.recipients);
    let drafting = clean_line(&input.drafting_unit).to_uppercase();
    check.required("subject", &subject).max_len("subject", &subject, limits::LINE);
    check.max_len("signer", &signer, limits::LINE).max_len("recipients", &recipients, limits::TEXT);
    check.max_len("drafting_unit", &drafting, 20);
    check.finish()?;
    let kind = kind.expect("checked");
    let issued_on = today(&c);
    let mut tx = svc.db.begin().await?;
    let taken = take(svc, &mut tx, &agency, kind, issued_on, &drafting, None).await?;
    let id = insert(
        &mut tx,
        &agency,
        &taken,
        NewEntry {
            kind,
            issued_on,
            subject,
            signer,
            recipients,
            copies: 1,
            conference_id: Some(conference_id),
            unit_id: None,
            admin_unit_code: None,
            link_generation: None,
            content: String::new(),
            issued_by: actor.user_id(),
        },
    )
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "register.take", &taken.symbol).await?;
    tx.commit().await?;
    let mut conn = svc.db.read().acquire().await?;
    Ok(stored(&mut conn, id).await?.ok_or(AppError::NotFound)?.entry)
}
