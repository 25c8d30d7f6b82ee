//! Reading a conference's rows into the archive's form, in one consistent read.

use super::snapshot::ToArchive;
use super::tables::{Kind, TABLES, Table};
use super::{AgencyRecord, Document, FORMAT, Row, UnitRecord, VERSION};
use crate::Service;
use crate::db::{Backend, Flag};
use crate::error::Result;
use hoinghi_domain::agenda::AgendaSnapshot;
use serde_json::Value;
use sqlx::Row as _;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A value as read from the database.
#[derive(Clone, Debug)]
enum Raw {
    Int(Option<i64>),
    Text(Option<String>),
    Flag(Option<bool>),
    Bytes(Vec<u8>),
}

fn read(row: &AnyRow, i: usize, kind: Kind) -> std::result::Result<Raw, sqlx::Error> {
    Ok(match kind {
        Kind::Id | Kind::Conference | Kind::Ref(_) | Kind::User | Kind::Unit | Kind::Agency | Kind::Int => {
            Raw::Int(row.try_get::<Option<i64>, _>(i)?)
        }
        Kind::Text | Kind::Snapshot | Kind::Json | Kind::EditTag | Kind::NominationLink => {
            Raw::Text(row.try_get::<Option<String>, _>(i)?)
        }
        Kind::Flag => Raw::Flag(row.try_get::<Option<Flag>, _>(i)?.map(bool::from)),
        Kind::Bytes => Raw::Bytes(row.try_get::<Vec<u8>, _>(i)?),
    })
}

fn int(raw: &Raw) -> Option<i64> {
    match raw {
        Raw::Int(v) => *v,
        _ => None,
    }
}

fn text(raw: &Raw) -> Option<&str> {
    match raw {
        Raw::Text(v) => v.as_deref(),
        _ => None,
    }
}

fn select(table: &Table) -> String {
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    let order = if table.has_id() { " ORDER BY id" } else { "" };
    format!("SELECT {} FROM {} WHERE {}{order}", columns.join(", "), table.name, table.scope)
}

/// Orders rows without an id by their values, column by column (numbers as numbers), so both engines
/// give the same order.
fn compare(a: &Row, b: &Row, table: &Table) -> std::cmp::Ordering {
    fn rank(v: Option<&Value>) -> (u8, Option<i64>, Option<bool>, String) {
        match v {
            None | Some(Value::Null) => (0, None, None, String::new()),
            Some(Value::Bool(b)) => (1, None, Some(*b), String::new()),
            Some(Value::Number(n)) => (2, n.as_i64(), None, String::new()),
            Some(Value::String(s)) => (3, None, None, s.clone()),
            Some(other) => (4, None, None, other.to_string()),
        }
    }
    for c in table.columns {
        let ordering = rank(a.get(c.name)).cmp(&rank(b.get(c.name)));
        if ordering.is_ne() {
            return ordering;
        }
    }
    std::cmp::Ordering::Equal
}

/// The conference `conference_id` as an archive document, and its files' bytes by SHA-256.
pub(super) async fn dump(svc: &Service, conference_id: i64) -> Result<(Document, BTreeMap<String, Vec<u8>>)> {
    let mut tx = svc.db.read().begin().await?;
    if svc.db.backend() == Backend::Postgres {
        // Every table read from one snapshot of the database, as of the first query.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    }
    let users: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>("SELECT id, email FROM users")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();

    // Every table's rows as read, and the archive number of every id.
    let mut raw: Vec<Vec<Vec<Raw>>> = Vec::with_capacity(TABLES.len());
    let mut numbers: HashMap<&'static str, HashMap<i64, i64>> = HashMap::new();
    for table in TABLES {
        let rows = sqlx::query(&select(table)).bind(conference_id).fetch_all(&mut *tx).await?;
        let mut values = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut v = Vec::with_capacity(table.columns.len());
            for (i, column) in table.columns.iter().enumerate() {
                v.push(read(row, i, column.kind)?);
            }
            values.push(v);
        }
        if let Some(at) = table.columns.iter().position(|c| c.kind == Kind::Id) {
            let map = values.iter().enumerate().filter_map(|(n, v)| int(&v[at]).map(|id| (id, n as i64 + 1))).collect();
            numbers.insert(table.name, map);
        }
        raw.push(values);
    }

    // Units: those the rows name and all of the conference's agency; agencies: theirs, the conference's and
    // those whose register numbered the conference's documents.
    let agency_id: Option<i64> = raw[0]
        .first()
        .and_then(|row| TABLES[0].columns.iter().position(|c| c.kind == Kind::Agency).and_then(|at| int(&row[at])));
    let mut unit_ids = BTreeSet::new();
    let mut named_agencies = BTreeSet::new();
    for (table, rows) in TABLES.iter().zip(&raw) {
        for (i, column) in table.columns.iter().enumerate() {
            match column.kind {
                Kind::Unit => unit_ids.extend(rows.iter().filter_map(|r| int(&r[i]))),
                Kind::Agency => named_agencies.extend(rows.iter().filter_map(|r| int(&r[i]))),
                _ => {}
            }
        }
    }
    let all_units: Vec<(i64, i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, agency_id, name, admin_unit_code FROM units").fetch_all(&mut *tx).await?;
    let all_agencies: HashMap<i64, AgencyRecord> = sqlx::query_as::<_, (i64, String, String, String, String, String)>(
        "SELECT id, name, abbreviation, parent_name, place_name, numbering FROM agencies",
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, name, abbreviation, parent_name, place_name, numbering)| {
        (id, AgencyRecord { name, abbreviation, parent_name, place_name, numbering })
    })
    .collect();
    tx.commit().await?;

    let agency_name = |id: i64| all_agencies.get(&id).map(|a| a.name.clone()).unwrap_or_default();
    let mut units: Vec<(String, String, Option<String>, i64)> = all_units
        .iter()
        .filter(|(id, agency, ..)| unit_ids.contains(id) || Some(*agency) == agency_id)
        .map(|(id, agency, name, code)| (agency_name(*agency), name.clone(), code.clone(), *id))
        .collect();
    units.sort();
    let unit_numbers: HashMap<i64, i64> = units.iter().enumerate().map(|(n, u)| (u.3, n as i64 + 1)).collect();
    let mut agency_ids: BTreeSet<i64> =
        all_units.iter().filter(|u| unit_numbers.contains_key(&u.0)).map(|u| u.1).collect();
    agency_ids.extend(named_agencies);
    let mut agencies: Vec<AgencyRecord> = agency_ids.iter().filter_map(|id| all_agencies.get(id)).cloned().collect();
    agencies.sort_by(|a, b| a.name.cmp(&b.name));

    let mut ghosts = ToArchive::new(&numbers);
    let mut files = BTreeMap::new();
    let mut tables = BTreeMap::new();
    let mut slug = String::new();
    for (table, rows) in TABLES.iter().zip(raw) {
        let mut out = Vec::with_capacity(rows.len());
        for values in rows {
            let mut row = Row::new();
            let mut bytes = None;
            for (column, value) in table.columns.iter().zip(values) {
                let json = match (column.kind, &value) {
                    (Kind::Conference | Kind::EditTag, _) => continue,
                    (Kind::NominationLink, _) => Value::Bool(text(&value).is_some()),
                    (Kind::Bytes, Raw::Bytes(b)) => {
                        bytes = Some(b.clone());
                        continue;
                    }
                    (Kind::Id, _) => number(&numbers, table.name, int(&value))?,
                    (Kind::Ref(target), _) => number(&numbers, target, int(&value))?,
                    (Kind::User, _) => match int(&value) {
                        Some(id) => Value::from(users.get(&id).cloned().ok_or_else(|| missing("users", id))?),
                        None => Value::Null,
                    },
                    (Kind::Unit, _) => match int(&value) {
                        Some(id) => Value::from(*unit_numbers.get(&id).ok_or_else(|| missing("units", id))?),
                        None => Value::Null,
                    },
                    (Kind::Agency, _) => int(&value).map(|id| Value::from(agency_name(id))).unwrap_or(Value::Null),
                    (Kind::Snapshot, _) => {
                        let mut s: AgendaSnapshot =
                            serde_json::from_str(text(&value).unwrap_or("")).map_err(anyhow::Error::from)?;
                        ghosts.rewrite(&mut s);
                        serde_json::to_value(&s).map_err(anyhow::Error::from)?
                    }
                    (Kind::Json, _) => match text(&value) {
                        Some(t) => serde_json::from_str(t).map_err(anyhow::Error::from)?,
                        None => Value::Null,
                    },
                    (_, Raw::Int(v)) => v.map(Value::from).unwrap_or(Value::Null),
                    (_, Raw::Text(v)) => v.clone().map(Value::from).unwrap_or(Value::Null),
                    (_, Raw::Flag(v)) => v.map(Value::from).unwrap_or(Value::Null),
                    (_, Raw::Bytes(_)) => Value::Null,
                };
                row.insert(column.name.to_string(), json);
            }
            if let Some(bytes) = bytes {
                let sha = row.get("sha256").and_then(Value::as_str).unwrap_or_default().to_string();
                if super::container::sha256(&bytes) != sha {
                    return Err(anyhow::anyhow!("stored file {sha} does not match its hash").into());
                }
                files.insert(sha, bytes);
            }
            if table.name == "conferences" {
                slug = row.get("slug").and_then(Value::as_str).unwrap_or_default().to_string();
            }
            out.push(row);
        }
        if !table.has_id() {
            out.sort_by(|a, b| compare(a, b, table));
        }
        tables.insert(table.name.to_string(), out);
    }
    let units = units
        .into_iter()
        .enumerate()
        .map(|(n, (agency, name, admin_unit_code, _))| UnitRecord { id: n as i64 + 1, agency, name, admin_unit_code })
        .collect();
    let document = Document {
        format: FORMAT.to_string(),
        version: VERSION,
        generator: format!("hoinghi {}", env!("CARGO_PKG_VERSION")),
        conference: slug,
        agencies,
        units,
        tables,
    };
    Ok((document, files))
}

fn missing(table: &str, id: i64) -> anyhow::Error {
    anyhow::anyhow!("a row refers to {table} {id}, which is not there")
}

/// An id as its archive number (null stays null). A reference to a row outside the conference is a fault.
fn number(numbers: &HashMap<&'static str, HashMap<i64, i64>>, table: &str, id: Option<i64>) -> anyhow::Result<Value> {
    match id {
        None => Ok(Value::Null),
        Some(id) => {
            numbers.get(table).and_then(|m| m.get(&id)).map(|n| Value::from(*n)).ok_or_else(|| missing(table, id))
        }
    }
}
