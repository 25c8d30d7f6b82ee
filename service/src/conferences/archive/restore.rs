//! Writing an archive's rows with new ids, in one transaction.
//!
//! Every row is checked before the transaction starts (columns, types, references, the conference's
//! fields through the same validation as the forms); what the database itself refuses (a duplicate, a
//! value outside a column's allowed set) ends the transaction with a message naming the table, and
//! nothing is kept.

use super::snapshot;
use super::tables::{Check, Column, Kind, TABLES, Table};
use super::{Document, ImportReport, Row, refuse, short};
use crate::Service;
use crate::accounts::Actor;
use crate::conferences::rules::validate;
use crate::correspondence;
use crate::db::{LockScope, Tx};
use crate::error::{Error, Result};
use crate::{audit, public_revision};
use hoinghi_domain::agenda::{AgendaSnapshot, Change};
use hoinghi_domain::conference::{ConferenceInput, ConferenceStatus};
use hoinghi_domain::correspondence::DocumentKind;
use hoinghi_domain::minutes::MinutesContent;
use hoinghi_domain::{AppError, Message};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A value ready to bind.
#[derive(Clone, Debug)]
enum Bind {
    Int(Option<i64>),
    Text(Option<String>),
    Flag(Option<bool>),
    Bytes(Vec<u8>),
}

/// Most bound values in one statement. Both engines allow tens of thousands, but binding grows faster
/// than linearly with the count on SQLite (3,600 two-column rows took 260 ms in one statement, 15 ms in
/// statements of 1,000 values, which are prepared once and reused).
const MAX_BINDS: usize = 1_000;

fn bad(table: &str, row: usize, column: &str) -> AppError {
    AppError::invalid(
        "archive",
        Message::new("archive-error-value").arg("table", table).arg("row", row as i64 + 1).arg("column", column),
    )
}

/// What the database refused, as a message naming the table; other failures pass through.
fn refused_by_database(e: sqlx::Error, table: &str) -> Error {
    if let sqlx::Error::Database(d) = &e {
        let key = if d.is_unique_violation() { "archive-error-exists" } else { "archive-error-rejected" };
        return AppError::invalid("archive", Message::new(key).arg("table", table)).into();
    }
    e.into()
}

/// Checks every row's shape before anything is written: the expected columns, each of its type, and the
/// checks of `tables.rs`.
fn check_shapes(doc: &Document, files: &BTreeMap<String, Vec<u8>>) -> std::result::Result<(), AppError> {
    for name in doc.tables.keys() {
        if super::tables::table(name).is_none() {
            return Err(AppError::invalid("archive", Message::new("archive-error-table").arg("table", short(name))));
        }
    }
    let units: HashSet<i64> = doc.units.iter().map(|u| u.id).collect();
    let agencies: HashSet<&str> = doc.agencies.iter().map(|a| a.name.as_str()).collect();
    if units.len() != doc.units.len() || doc.units.iter().any(|u| !agencies.contains(u.agency.as_str())) {
        return Err(refuse("archive-error-units"));
    }
    let mut numbers: HashMap<&str, HashSet<i64>> = HashMap::new();
    let mut used_files = BTreeSet::new();
    for table in TABLES {
        let rows = doc.tables.get(table.name).map(Vec::as_slice).unwrap_or_default();
        let expected: BTreeSet<&str> = table
            .columns
            .iter()
            .filter(|c| !matches!(c.kind, Kind::Conference | Kind::Bytes | Kind::EditTag))
            .map(|c| c.name)
            .collect();
        let mut own = HashSet::new();
        for (n, row) in rows.iter().enumerate() {
            let current = row.get("id").and_then(Value::as_i64).filter(|_| table.has_id());
            let keys: BTreeSet<&str> = row.keys().map(String::as_str).collect();
            if let Some(extra) = keys.difference(&expected).next() {
                return Err(bad(table.name, n, extra));
            }
            for column in table.columns {
                let v = row.get(column.name);
                let ok = match column.kind {
                    Kind::Conference | Kind::EditTag => true,
                    Kind::Bytes => {
                        let sha = row.get("sha256").and_then(Value::as_str).unwrap_or_default();
                        used_files.insert(sha.to_string());
                        files.contains_key(sha)
                    }
                    _ if v.is_none() => false,
                    Kind::Id => v.and_then(Value::as_i64).is_some_and(|id| id > 0 && own.insert(id)),
                    Kind::Ref(target) => match v {
                        Some(Value::Null) => true,
                        // A row may name an earlier row of its own table (a correction names the minutes it replaces).
                        Some(value) => value.as_i64().is_some_and(|id| {
                            if target == table.name {
                                own.contains(&id) && Some(id) != current
                            } else {
                                numbers.get(target).is_some_and(|s| s.contains(&id))
                            }
                        }),
                        None => false,
                    },
                    Kind::Unit => v.is_some_and(|v| v.is_null() || v.as_i64().is_some_and(|id| units.contains(&id))),
                    Kind::Agency => v.is_some_and(|v| v.is_null() || v.as_str().is_some_and(|a| agencies.contains(a))),
                    Kind::Int => v.is_some_and(|v| v.is_null() || v.is_i64()),
                    Kind::User | Kind::Text => v.is_some_and(|v| v.is_null() || v.is_string()),
                    Kind::Flag => v.is_some_and(|v| v.is_null() || v.is_boolean()),
                    Kind::NominationLink => v.is_some_and(Value::is_boolean),
                    Kind::Snapshot => v.is_some_and(|v| serde_json::from_value::<AgendaSnapshot>(v.clone()).is_ok()),
                    Kind::Json => v.is_some_and(|v| match (table.name, column.name) {
                        ("agenda_versions", "changes") => serde_json::from_value::<Vec<Change>>(v.clone()).is_ok(),
                        _ => v.is_array(),
                    }),
                };
                let checked = match (column.check, v.and_then(Value::as_str)) {
                    (Check::None, _) | (_, None) => true,
                    (Check::OneOf(allowed), Some(s)) => allowed.contains(&s),
                    (Check::Date, Some(s)) => s.parse::<chrono::NaiveDate>().is_ok(),
                    (Check::MinutesContent, Some(s)) => serde_json::from_str::<MinutesContent>(s).is_ok(),
                    (Check::Letter, Some(s)) => correspondence::is_stored_content(s),
                    (Check::DraftKind, Some(s)) => DocumentKind::parse(s).is_some(),
                    (Check::DraftContent, Some(s)) => {
                        correspondence::is_draft_text(row.get("kind").and_then(Value::as_str).unwrap_or_default(), s)
                    }
                };
                if !ok || !checked {
                    return Err(bad(table.name, n, column.name));
                }
            }
        }
        numbers.insert(table.name, own);
    }
    if let Some(unused) = files.keys().find(|sha| !used_files.contains(*sha)) {
        return Err(AppError::invalid(
            "archive",
            Message::new("archive-error-unused-file").arg("entry", unused.as_str()),
        ));
    }
    let conferences = doc.tables.get("conferences").map(Vec::len).unwrap_or(0);
    if conferences != 1 {
        return Err(refuse("archive-error-conference"));
    }
    Ok(())
}

/// The conference's fields through the forms' validation.
fn check_conference(row: &Row) -> Result<ConferenceStatus> {
    let s = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let input = ConferenceInput {
        title: s("title"),
        slug: s("slug"),
        kind: s("kind"),
        starts_on: s("starts_on"),
        ends_on: s("ends_on"),
        time_zone: s("time_zone"),
        venue_name: s("venue_name"),
        venue_address: s("venue_address"),
        capacity: row.get("capacity").and_then(Value::as_i64).map(|c| c.to_string()).unwrap_or_default(),
        description: s("description"),
        agency_id: String::new(),
    };
    let valid = validate(&input)?;
    if valid.slug != input.slug {
        return Err(AppError::invalid("slug", Message::new("conference-error-slug-format")).into());
    }
    ConferenceStatus::parse(&s("status")).ok_or_else(|| bad("conferences", 0, "status").into())
}

/// Everything the import has learnt so far: new ids by table and archive number, units, accounts.
struct Ids {
    conference: i64,
    tables: HashMap<&'static str, HashMap<i64, i64>>,
    units: HashMap<i64, i64>,
    agencies: HashMap<String, i64>,
    users: HashMap<String, Option<i64>>,
}

impl Ids {
    fn get(&self, table: &'static str, number: i64) -> Result<i64> {
        self.tables
            .get(table)
            .and_then(|m| m.get(&number))
            .copied()
            .ok_or_else(|| anyhow::anyhow!("{table} {number} was not imported").into())
    }
}

pub(super) async fn restore(
    svc: &Service,
    actor: &Actor,
    doc: Document,
    files: BTreeMap<String, Vec<u8>>,
) -> Result<ImportReport> {
    check_shapes(&doc, &files)?;
    let conference_row = &doc.tables["conferences"][0];
    let status = check_conference(conference_row)?;
    let slug = conference_row.get("slug").and_then(Value::as_str).unwrap_or_default().to_string();

    let mut tx = svc.db.begin().await?;
    let mut ids = Ids {
        conference: 0,
        tables: HashMap::new(),
        units: HashMap::new(),
        agencies: HashMap::new(),
        users: HashMap::new(),
    };
    agencies_and_units(&mut tx, &doc, &mut ids).await?;
    let mut missing_accounts = BTreeSet::new();
    for table in TABLES {
        for row in doc.tables.get(table.name).into_iter().flatten() {
            for column in table.columns.iter().filter(|c| c.kind == Kind::User) {
                if let Some(email) = row.get(column.name).and_then(Value::as_str)
                    && !ids.users.contains_key(email)
                {
                    let id: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
                        .bind(email)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if id.is_none() {
                        missing_accounts.insert(email.to_string());
                    }
                    ids.users.insert(email.to_string(), id.map(|r| r.0));
                }
            }
        }
    }

    let mut rows_written = BTreeMap::new();
    for table in TABLES {
        let rows = doc.tables.get(table.name).map(Vec::as_slice).unwrap_or_default();
        if table.name == "outgoing_documents" {
            check_register(svc, &mut tx, rows, &ids).await?;
        }
        let written = write_table(svc, &mut tx, table, rows, &mut ids, &files).await?;
        rows_written.insert(table.name.to_string(), written);
    }
    if status.is_public() {
        public_revision::bump(&mut tx).await?;
    }
    // Site-wide, so the conference's own log stays as the archive has it.
    audit::record(&mut tx, actor, None, "conference.import", &slug).await?;
    tx.commit().await?;
    let final_minutes = crate::minutes::verify_final(svc, ids.conference)
        .await?
        .into_iter()
        .map(|(version, hashes_match)| super::FinalMinutesCheck { version, hashes_match })
        .collect();
    Ok(ImportReport {
        conference_id: ids.conference,
        slug,
        missing_accounts: missing_accounts.into_iter().collect(),
        files: rows_written.get("files").copied().unwrap_or(0),
        rows: rows_written,
        final_minutes,
    })
}

async fn agencies_and_units(tx: &mut Tx, doc: &Document, ids: &mut Ids) -> Result<()> {
    for a in &doc.agencies {
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM agencies WHERE name = $1").bind(&a.name).fetch_optional(&mut **tx).await?;
        let id = match existing {
            Some((id,)) => id,
            None => {
                // A new agency comes with the archive's place name and numbering scheme; one already here
                // keeps its own (its register goes on as it is).
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO agencies (name, abbreviation, parent_name, place_name, numbering, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&a.name)
                .bind(&a.abbreviation)
                .bind(&a.parent_name)
                .bind(&a.place_name)
                .bind(&a.numbering)
                .bind(crate::db::now())
                .fetch_one(&mut **tx)
                .await
                .map_err(|e| refused_by_database(e, "agencies"))?;
                id
            }
        };
        ids.agencies.insert(a.name.clone(), id);
    }
    for u in &doc.units {
        let agency_id = ids.agencies[&u.agency];
        sqlx::query("INSERT INTO units (agency_id, name, admin_unit_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(agency_id)
            .bind(&u.name)
            .bind(&u.admin_unit_code)
            .execute(&mut **tx)
            .await
            .map_err(|e| refused_by_database(e, "units"))?;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM units WHERE agency_id = $1 AND name = $2")
            .bind(agency_id)
            .bind(&u.name)
            .fetch_one(&mut **tx)
            .await?;
        ids.units.insert(u.id, id);
    }
    Ok(())
}

/// The conference's register lines enter their agencies' registers with their numbers as issued: each
/// must be free there (number in its sequence, and symbol, in its year), else the import is refused
/// naming it. Under each agency's register lock, so no number is taken meanwhile.
async fn check_register(svc: &Service, tx: &mut Tx, rows: &[Row], ids: &Ids) -> Result<()> {
    let mut locked = BTreeSet::new();
    for row in rows {
        let s = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default();
        let n = |k: &str| row.get(k).and_then(Value::as_i64).unwrap_or_default();
        let Some(&agency_id) = ids.agencies.get(s("agency_id")) else { continue };
        if locked.insert(agency_id) {
            svc.db.lock(tx, LockScope::Register, agency_id).await?;
        }
        let (year, symbol) = (n("year"), s("symbol"));
        if correspondence::register_number_used(tx, agency_id, year, s("sequence"), n("number"), symbol).await? {
            return Err(AppError::invalid(
                "archive",
                Message::new("archive-error-register-taken")
                    .arg("symbol", symbol)
                    .arg("year", year.to_string())
                    .arg("agency", s("agency_id")),
            )
            .into());
        }
    }
    Ok(())
}

/// Whether a column is written by the insert: not the row's own id, which the database gives (the
/// conference's too).
fn inserted(table: &Table, column: &Column) -> bool {
    column.kind != Kind::Id && !(table.name == "conferences" && column.name == "id")
}

/// A row's values to bind, in the table's column order (its own id left out). `None`: the row is left out
/// (an organizer or coordinator without an account here).
fn binds(
    svc: &Service,
    table: &Table,
    row: &Row,
    ids: &Ids,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Option<Vec<Bind>>> {
    let mut out = Vec::with_capacity(table.columns.len());
    let int = |name: &str| row.get(name).and_then(Value::as_i64);
    for column in table.columns.iter().filter(|c| inserted(table, c)) {
        let v = row.get(column.name).unwrap_or(&Value::Null);
        let bind = match column.kind {
            Kind::Id => continue,
            Kind::Conference => Bind::Int(Some(ids.conference)),
            Kind::Ref(target) => Bind::Int(match v.as_i64() {
                Some(n) => Some(ids.get(target, n)?),
                None => None,
            }),
            Kind::User => {
                let id = v.as_str().and_then(|email| ids.users.get(email).copied().flatten());
                if id.is_none()
                    && !v.is_null()
                    && matches!(table.name, "conference_organizers" | "conference_coordinators")
                {
                    return Ok(None);
                }
                Bind::Int(id)
            }
            Kind::Unit => Bind::Int(v.as_i64().map(|n| ids.units[&n])),
            Kind::Agency => Bind::Int(v.as_str().map(|name| ids.agencies[name])),
            Kind::Int => Bind::Int(v.as_i64()),
            Kind::Text => Bind::Text(v.as_str().map(str::to_string)),
            Kind::Flag => Bind::Flag(v.as_bool()),
            Kind::NominationLink => {
                // The link of the same generation, for the new ids (see the module `archive`).
                let unit = int("unit_id").and_then(|n| ids.units.get(&n).copied());
                Bind::Text(match (v.as_bool(), unit) {
                    (Some(true), Some(unit)) => Some(correspondence::nomination_link_hash(
                        svc,
                        ids.conference,
                        unit,
                        int("link_generation").unwrap_or(0),
                    )),
                    _ => None,
                })
            }
            Kind::Json => Bind::Text(if v.is_null() { None } else { Some(v.to_string()) }),
            Kind::Snapshot => {
                let mut s: AgendaSnapshot = serde_json::from_value(v.clone()).map_err(anyhow::Error::from)?;
                snapshot::to_database(&mut s, &ids.tables).map_err(|what| {
                    AppError::invalid("archive", Message::new("archive-error-snapshot").arg("what", what))
                })?;
                Bind::Text(Some(serde_json::to_string(&s).map_err(anyhow::Error::from)?))
            }
            Kind::Bytes => {
                let sha = row.get("sha256").and_then(Value::as_str).unwrap_or_default();
                Bind::Bytes(files.get(sha).cloned().unwrap_or_default())
            }
            Kind::EditTag => {
                // A named answer (its registration kept) gets the tag its delegate's edits will look for;
                // an anonymous one a tag no HMAC can equal, unique per submission.
                let form = int("form_id").map(|n| ids.get("feedback_forms", n)).transpose()?;
                let registration = int("registration_id").map(|n| ids.get("registrations", n)).transpose()?;
                Bind::Text(Some(match (form, registration) {
                    (Some(form), Some(registration)) => crate::feedback::edit_tag(svc, form, registration),
                    _ => format!("imported:{}", row.get("id").and_then(Value::as_str).unwrap_or_default()),
                }))
            }
        };
        out.push(bind);
    }
    Ok(Some(out))
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: Vec<Bind>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in values {
        q = match v {
            Bind::Int(v) => q.bind(v),
            Bind::Text(v) => q.bind(v),
            Bind::Flag(v) => q.bind(v),
            Bind::Bytes(v) => q.bind(v),
        };
    }
    q
}

async fn write_table(
    svc: &Service,
    tx: &mut Tx,
    table: &'static Table,
    rows: &[Row],
    ids: &mut Ids,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<usize> {
    let columns: Vec<&str> = table.columns.iter().filter(|c| inserted(table, c)).map(|c| c.name).collect();
    let width = columns.len();
    let head = format!("INSERT INTO {} ({}) VALUES ", table.name, columns.join(", "));
    let placeholders = |row: usize| {
        let cells: Vec<String> = (1..=width).map(|i| format!("${}", row * width + i)).collect();
        format!("({})", cells.join(", "))
    };
    if table.name == "conferences" || table.referenced {
        // One statement per row: each new id is needed by the rows that follow (in this table too: a
        // correction names the minutes it replaces).
        ids.tables.entry(table.name).or_default();
        let sql = format!("{head}{} RETURNING id", placeholders(0));
        let mut written = 0;
        for row in rows {
            let Some(values) = binds(svc, table, row, ids, files)? else { continue };
            let result = bind_all(sqlx::query(&sql), values).fetch_one(&mut **tx).await;
            let id: i64 = match result {
                Ok(r) => sqlx::Row::try_get(&r, 0)?,
                Err(e) if table.name == "conferences" && crate::db::is_unique_violation(&e) => {
                    return Err(AppError::invalid("slug", Message::new("conference-error-slug-taken")).into());
                }
                Err(e) => return Err(refused_by_database(e, table.name)),
            };
            if table.name == "conferences" {
                ids.conference = id;
            } else if let Some(n) = row.get("id").and_then(Value::as_i64) {
                ids.tables.entry(table.name).or_default().insert(n, id);
            }
            written += 1;
        }
        return Ok(written);
    }
    let mut prepared = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(values) = binds(svc, table, row, ids, files)? {
            prepared.push(values);
        }
    }
    let written = prepared.len();
    // Rows nothing points at: many per statement, in the archive's order (so new ids keep that order).
    let per_statement = (MAX_BINDS / width.max(1)).max(1);
    let mut rest = prepared.as_slice();
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(per_statement.min(rest.len()));
        rest = tail;
        let sql = format!("{head}{}", (0..chunk.len()).map(placeholders).collect::<Vec<_>>().join(", "));
        let values: Vec<Bind> = chunk.iter().flat_map(|v| v.iter().cloned()).collect();
        bind_all(sqlx::query(&sql), values).execute(&mut **tx).await.map_err(|e| refused_by_database(e, table.name))?;
    }
    Ok(written)
}
