//! The organizers' delegate list searched, filtered and cut in pages, made for thousands of delegates:
//! filters and search run in SQL over the stored search key, only names are read to put the matches in
//! Vietnamese order, and only the page's registrations are loaded whole.

use super::access::{Scope, scope};
use super::store::{self, normalize_code};
use crate::Service;
use crate::accounts::Actor;
use crate::agenda::latest_snapshot;
use crate::error::Result;
use crate::paging::PageRequest;
use hoinghi_domain::desk::{DelegateQuery, DelegateSearch};
use hoinghi_domain::registration::{RegistrationCounts, RegistrationStatus};
use hoinghi_domain::text::{PersonName, search_key};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

/// A WHERE clause with its text arguments, numbered from `$2` (`$1` is the conference).
pub(crate) struct Filter {
    pub(crate) sql: String,
    pub(crate) args: Vec<String>,
}

impl Filter {
    pub(crate) fn new() -> Filter {
        Filter { sql: "r.conference_id = $1".into(), args: Vec::new() }
    }

    fn arg(&mut self, value: String) -> String {
        self.args.push(value);
        format!("${}", self.args.len() + 1)
    }
}

/// `%text%` for LIKE, with LIKE's own wildcards removed from what was typed.
fn contains(text: &str) -> String {
    format!("%{}%", text.replace(['%', '_', '\\'], ""))
}

/// The search: every word in the name (folded), or part of the check-in code, the email or the phone.
pub(crate) fn search_clause(f: &mut Filter, q: &str) {
    let key = search_key(q);
    if key.is_empty() {
        return;
    }
    let mut any = Vec::new();
    let words: Vec<String> = key.split(' ').map(|w| f.arg(contains(w))).collect();
    any.push(format!("({})", words.iter().map(|p| format!("r.search_key LIKE {p}")).collect::<Vec<_>>().join(" AND ")));
    // A code is typed from a badge in parts ("K7Q4", "k7q4m 2x"): four characters or more of it, five when
    // typed in pieces (a name's words run together would otherwise pass for a code).
    let code = normalize_code(q).replace('-', "");
    if (code.len() >= 4 && !q.trim().contains(char::is_whitespace)) || code.len() >= 5 {
        let p = f.arg(contains(&code));
        any.push(format!("REPLACE(r.code, '-', '') LIKE {p}"));
    }
    let lowered = q.trim().to_lowercase();
    if lowered.len() >= 3 && !lowered.contains(char::is_whitespace) {
        let p = f.arg(contains(&lowered));
        any.push(format!("r.email_key LIKE {p}"));
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 4 && q.chars().all(|c| c.is_ascii_digit() || " .+-()".contains(c)) {
        let p = f.arg(contains(&super::phone_key(&digits)));
        any.push(format!("r.phone_key LIKE {p}"));
    }
    f.sql.push_str(&format!(" AND ({})", any.join(" OR ")));
}

fn filters(query: &DelegateQuery, scope: Scope) -> Result<Filter> {
    let mut f = Filter::new();
    if let Scope::Unit(u) = scope {
        f.sql.push_str(&format!(" AND r.unit_id = {u}"));
    }
    search_clause(&mut f, &query.q);
    match query.status.trim() {
        "" => {}
        s => {
            let status = RegistrationStatus::parse(s)
                .ok_or_else(|| AppError::invalid("status", Message::new("error-choice")))?;
            let p = f.arg(status.as_str().to_string());
            f.sql.push_str(&format!(" AND r.status = {p}"));
        }
    }
    match query.unit.trim() {
        "" => {}
        "other" => f.sql.push_str(" AND r.unit_id IS NULL"),
        u => {
            let id: i64 = u.parse().map_err(|_| AppError::invalid("unit", Message::new("error-choice")))?;
            f.sql.push_str(&format!(" AND r.unit_id = {id}"));
        }
    }
    if !query.class.trim().is_empty() {
        let p = f.arg(query.class.trim().to_string());
        f.sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM registration_sessions rs WHERE rs.registration_id = r.id AND rs.session_uid = {p})"
        ));
    }
    Ok(f)
}

/// Counts over every registration the reader may see.
pub(crate) async fn totals(conn: &mut AnyConnection, conference_id: i64, scope: Scope) -> Result<RegistrationCounts> {
    let unit = match scope {
        Scope::Unit(u) => format!(" AND r.unit_id = {u}"),
        Scope::All => String::new(),
    };
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT r.status, COUNT(*) FROM registrations r WHERE r.conference_id = $1{unit} GROUP BY r.status"
    ))
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let of = |s: RegistrationStatus| rows.iter().find(|(k, _)| k == s.as_str()).map_or(0, |(_, n)| *n);
    let (checked_in,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(DISTINCT c.registration_id) FROM checkins c JOIN registrations r ON r.id = c.registration_id \
         WHERE r.conference_id = $1{unit}"
    ))
    .bind(conference_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(RegistrationCounts {
        registered: of(RegistrationStatus::Pending)
            + of(RegistrationStatus::Confirmed)
            + of(RegistrationStatus::Waiting),
        pending: of(RegistrationStatus::Pending),
        confirmed: of(RegistrationStatus::Confirmed),
        waiting: of(RegistrationStatus::Waiting),
        checked_in,
    })
}

/// The delegate list of a conference (or of the coordinator's unit), searched and filtered, a page at a
/// time, in the order of [`super::list`]'s names (given name, middle, family, then id).
pub async fn search(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    query: &DelegateQuery,
    page: PageRequest,
) -> Result<DelegateSearch> {
    let s = scope(svc, actor, conference_id).await?;
    let f = filters(query, s)?;
    let mut conn = svc.db.read().acquire().await?;
    let sql = format!("SELECT r.id, r.family_name, r.middle_name, r.given_name FROM registrations r WHERE {}", f.sql);
    let mut rows = sqlx::query_as::<_, (i64, String, String, String)>(&sql).bind(conference_id);
    for a in &f.args {
        rows = rows.bind(a);
    }
    let mut names: Vec<(i64, PersonName)> = rows
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, family, middle, given)| (id, PersonName { family, middle, given }))
        .collect();
    names.sort_by(|a, b| crate::collation::compare_names(&a.1, &b.1).then(a.0.cmp(&b.0)));
    let ids = page.page(names.into_iter().map(|(id, _)| id).collect());
    let mut loaded = store::load_some(&mut conn, conference_id, &ids.items).await?;
    // `load` orders by name too; the page keeps its own order all the same.
    loaded.sort_by_key(|r| ids.items.iter().position(|id| *id == r.id));
    let page = hoinghi_domain::paging::Page {
        items: loaded,
        total: ids.total,
        limit: ids.limit,
        offset: ids.offset,
        next_offset: ids.next_offset,
    };
    let totals = totals(&mut conn, conference_id, s).await?;
    let units = units(&mut conn, conference_id, s).await?;
    let classes = classes(&mut conn, conference_id).await?;
    Ok(DelegateSearch { totals, page, units, classes })
}

async fn units(conn: &mut AnyConnection, conference_id: i64, scope: Scope) -> Result<Vec<(i64, String)>> {
    let mut units: Vec<(i64, String)> = sqlx::query_as(
        "SELECT DISTINCT u.id, u.name FROM registrations r JOIN units u ON u.id = r.unit_id WHERE r.conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    units.retain(|(id, _)| scope.allows(Some(*id)));
    units.sort_by(|a, b| crate::collation::compare(&a.1, &b.1));
    Ok(units)
}

async fn classes(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<(String, String)>> {
    let chosen: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT rs.session_uid FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE r.conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let Some(snapshot) = latest_snapshot(conn, conference_id).await? else { return Ok(Vec::new()) };
    Ok(snapshot
        .sessions
        .into_iter()
        .filter(|s| chosen.iter().any(|(uid,)| *uid == s.uid))
        .map(|s| (s.uid, s.title))
        .collect())
}
