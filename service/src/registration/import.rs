//! Nominations in bulk: an organizer (or a unit coordinator) uploads a CSV or XLSX list, maps its columns,
//! reviews a preview with every row's problems, and accepts it. Nothing is stored as a registration until
//! then; on acceptance the valid rows go in together, in one transaction, under the same limits as any
//! registration.

use super::access::{Scope, scope};
use super::form::{self, Source};
use super::intake::Application;
use super::lifecycle::insert_in;
use super::seats::Seats;
use super::store::Actorship;
use crate::Service;
use crate::accounts::Actor;
use crate::conferences::by_id_internal;
use crate::db::now;
use crate::error::Result;
use hoinghi_domain::registration::{ImportPreview, ImportRow, RegistrationInput, limits};
use hoinghi_domain::text::{PersonName, clean_line, search_key};
use hoinghi_domain::{AppError, Locale, Message};
use std::collections::{BTreeMap, HashSet};

/// Our fields an import column can feed, in form order.
pub const FIELDS: [&str; 11] = [
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "gender",
    "position_title",
    "organization",
    "admin_unit",
    "phone",
    "email",
    "dietary",
];

/// Header spellings (folded) that map to a field without help.
fn guess(header: &str) -> Option<&'static str> {
    let h = search_key(header);
    let h = h.trim_matches(|c: char| !c.is_alphanumeric());
    Some(match h {
        "ho va ten" | "ho ten" | "full name" | "name" | "ten dai bieu" => "full_name",
        "ho" | "family name" | "last name" | "surname" => "family_name",
        "ten dem" | "middle name" => "middle_name",
        "ten" | "given name" | "first name" => "given_name",
        "gioi tinh" | "gender" => "gender",
        "chuc vu" | "position" | "chuc danh" => "position_title",
        "don vi" | "co quan" | "co quan don vi" | "co quan, don vi" | "organization" | "unit" | "agency" => {
            "organization"
        }
        "tinh" | "tinh thanh" | "tinh/thanh pho" | "tinh, thanh pho" | "tinh thanh pho" | "province" => "admin_unit",
        "dien thoai" | "so dien thoai" | "sdt" | "phone" | "dt" => "phone",
        "email" | "e-mail" | "thu dien tu" => "email",
        "an uong" | "che do an" | "dietary" | "ghi chu an uong" => "dietary",
        _ => return None,
    })
}

/// The rows of an uploaded file: headers and cells as text.
fn read_table(file_name: &str, bytes: &[u8]) -> std::result::Result<(Vec<String>, Vec<Vec<String>>), AppError> {
    let refuse = |key: &str| AppError::invalid("file", Message::new(key));
    if bytes.len() > limits::IMPORT_BYTES {
        return Err(AppError::invalid(
            "file",
            Message::new("import-error-too-large").arg("mb", (limits::IMPORT_BYTES / 1024 / 1024) as i64),
        ));
    }
    let lower = file_name.to_lowercase();
    let mut rows: Vec<Vec<String>> = if lower.ends_with(".xlsx") {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| refuse("import-error-xlsx"))?;
        let sheet = book
            .worksheet_range_at(0)
            .ok_or_else(|| refuse("import-error-empty"))?
            .map_err(|_| refuse("import-error-xlsx"))?;
        sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        let text = std::str::from_utf8(bytes).map_err(|_| refuse("import-error-encoding"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|_| refuse("import-error-csv"))?;
            rows.push(record.iter().map(str::to_string).collect());
        }
        rows
    } else {
        return Err(refuse("import-error-type"));
    };
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    if rows.len() < 2 {
        return Err(refuse("import-error-empty"));
    }
    if rows.len() - 1 > limits::IMPORT_ROWS {
        return Err(AppError::invalid("file", Message::new("import-error-rows").arg("max", limits::IMPORT_ROWS)));
    }
    let headers: Vec<String> = rows.remove(0).into_iter().map(|h| clean_line(&h)).collect();
    Ok((headers, rows))
}

/// Turns a raw row into a registration input through the mapping (field → header).
fn to_input(
    headers: &[String],
    mapping: &[(String, String)],
    row: &[String],
    form: &hoinghi_domain::registration::RegistrationForm,
    unit: Option<i64>,
) -> RegistrationInput {
    let cell = |field: &str| -> String {
        mapping
            .iter()
            .find(|(f, _)| f == field)
            .and_then(|(_, h)| headers.iter().position(|x| x == h))
            .and_then(|i| row.get(i))
            .map(|v| clean_line(v))
            .unwrap_or_default()
    };
    let mut input = RegistrationInput::default();
    let full = cell("full_name");
    if !full.is_empty() {
        let n = PersonName::from_full(&full);
        (input.family_name, input.middle_name, input.given_name) = (n.family, n.middle, n.given);
    }
    for (field, target) in [
        ("family_name", &mut input.family_name),
        ("middle_name", &mut input.middle_name),
        ("given_name", &mut input.given_name),
    ] {
        let v = cell(field);
        if !v.is_empty() {
            *target = v;
        }
    }
    input.gender = match search_key(&cell("gender")).as_str() {
        "nam" | "male" | "m" => "male".into(),
        "nu" | "female" | "f" => "female".into(),
        "" => String::new(),
        _ => "other".into(),
    };
    input.position_title = cell("position_title");
    let organization = cell("organization");
    // A listed unit, written the same way (diacritics and case aside), counts as that unit.
    let matched = form.units.iter().find(|u| search_key(&u.name) == search_key(&organization));
    match (unit, matched) {
        (Some(u), _) => input.unit_id = u.to_string(),
        (None, Some(u)) => input.unit_id = u.id.to_string(),
        (None, None) => input.organization = organization,
    }
    let province = cell("admin_unit");
    let key = search_key(&province);
    input.admin_unit_code = form
        .admin_units
        .iter()
        .find(|a| {
            a.code == province
                || (!key.is_empty()
                    && (search_key(&a.name) == key || search_key(&a.name).ends_with(&format!(" {key}"))))
        })
        .map(|a| a.code.clone())
        .unwrap_or(province);
    input.phone = cell("phone");
    input.email = cell("email");
    input.dietary = cell("dietary");
    input
}

async fn rows_of(
    svc: &Service,
    conference_id: i64,
    headers: &[String],
    mapping: &[(String, String)],
    raw: &[Vec<String>],
    unit: Option<i64>,
    locale: Locale,
) -> Result<Vec<ImportRow>> {
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let ctx = form::context(&mut conn, &conference).await?;
    let form = super::queries::organizer_form_in(&mut conn, conference.clone()).await?;
    let existing: Vec<(String, String)> = sqlx::query_as(
        "SELECT email_key, phone_key FROM registrations WHERE conference_id = $1 AND status IN ('pending', 'confirmed', 'waiting')",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let taken_emails: HashSet<String> = existing.iter().map(|(e, _)| e.clone()).filter(|e| !e.is_empty()).collect();
    let taken_phones: HashSet<String> = existing.iter().map(|(_, p)| p.clone()).filter(|p| !p.is_empty()).collect();
    let mut seen_emails = HashSet::new();
    let mut seen_phones = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, row) in raw.iter().enumerate() {
        let input = to_input(headers, mapping, row, &form, unit);
        let mut errors = Vec::new();
        match form::validate(&ctx, &input, Source::Import) {
            Err(crate::error::Error::App(AppError::Invalid { fields })) => {
                errors.extend(
                    fields.iter().map(|f| format!("{}: {}", field_label(&f.field, locale), f.message.render(locale))),
                );
            }
            Err(e) => return Err(e),
            Ok(v) => {
                let dup = |key: &str| Message::new(key).render(locale);
                if !v.email_key.is_empty()
                    && (taken_emails.contains(&v.email_key) || !seen_emails.insert(v.email_key.clone()))
                {
                    errors.push(format!(
                        "{}: {}",
                        field_label("email", locale),
                        dup("registration-error-duplicate-email")
                    ));
                }
                if !v.phone_key.is_empty()
                    && (taken_phones.contains(&v.phone_key) || !seen_phones.insert(v.phone_key.clone()))
                {
                    errors.push(format!(
                        "{}: {}",
                        field_label("phone", locale),
                        dup("registration-error-duplicate-phone")
                    ));
                }
            }
        }
        let unit = (input.unit_id.parse::<i64>().ok())
            .and_then(|id| form.units.iter().find(|u| u.id == id))
            .map_or_else(|| input.organization.clone(), |u| u.name.clone());
        let province = (form.admin_units.iter().find(|a| a.code == input.admin_unit_code))
            .map_or_else(|| input.admin_unit_code.clone(), |a| a.name.clone());
        out.push(ImportRow { line: i + 2, input, unit, province, errors });
    }
    Ok(out)
}

fn field_label(field: &str, locale: Locale) -> String {
    let key = format!("import-field-{}", field.replace('_', "-"));
    if hoinghi_domain::i18n::has_key(locale, &key) { hoinghi_domain::i18n::t(locale, &key) } else { field.to_string() }
}

fn unit_of(s: Scope) -> Option<i64> {
    match s {
        Scope::Unit(u) => Some(u),
        Scope::All => None,
    }
}

/// Reads an upload and stores it as a preview (no registration is created).
pub async fn preview(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    file_name: &str,
    bytes: &[u8],
    locale: Locale,
) -> Result<ImportPreview> {
    let s = scope(svc, actor, conference_id).await?;
    // Reading a spreadsheet of thousands of rows is work for the heavy-work threads.
    let (name, data) = (file_name.to_string(), bytes.to_vec());
    let (headers, raw) = crate::blocking::run(move || read_table(&name, &data)).await??;
    let mapping: Vec<(String, String)> = FIELDS
        .iter()
        .map(|f| (f.to_string(), headers.iter().find(|h| guess(h) == Some(*f)).cloned().unwrap_or_default()))
        .collect();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO registration_imports (conference_id, user_id, unit_id, file_name, headers, raw_rows, mapping, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'preview', $8) RETURNING id",
    )
    .bind(conference_id)
    .bind(actor.user_id())
    .bind(unit_of(s))
    .bind(clean_line(file_name))
    .bind(serde_json::to_string(&headers).map_err(anyhow::Error::from)?)
    .bind(serde_json::to_string(&raw).map_err(anyhow::Error::from)?)
    .bind(serde_json::to_string(&mapping).map_err(anyhow::Error::from)?)
    .bind(now())
    .fetch_one(svc.db.write())
    .await?;
    load(svc, actor, id, locale).await
}

struct Stored {
    conference_id: i64,
    unit: Option<i64>,
    file_name: String,
    headers: Vec<String>,
    raw: Vec<Vec<String>>,
    mapping: Vec<(String, String)>,
    status: String,
}

async fn stored(svc: &Service, actor: &Actor, import_id: i64) -> Result<Stored> {
    let row: Option<(i64, Option<i64>, Option<i64>, String, String, String, String, String)> = sqlx::query_as(
        "SELECT conference_id, user_id, unit_id, file_name, headers, raw_rows, mapping, status FROM registration_imports WHERE id = $1",
    )
    .bind(import_id)
    .fetch_optional(svc.db.read())
    .await?;
    let (conference_id, user_id, unit, file_name, headers, raw, mapping, status) = row.ok_or(AppError::NotFound)?;
    let s = scope(svc, actor, conference_id).await?;
    // A coordinator sees only their own uploads.
    if s != Scope::All && user_id != actor.user_id() {
        return Err(AppError::NotFound.into());
    }
    Ok(Stored {
        conference_id,
        unit,
        file_name,
        headers: serde_json::from_str(&headers).map_err(anyhow::Error::from)?,
        raw: serde_json::from_str(&raw).map_err(anyhow::Error::from)?,
        mapping: serde_json::from_str(&mapping).map_err(anyhow::Error::from)?,
        status,
    })
}

pub async fn load(svc: &Service, actor: &Actor, import_id: i64, locale: Locale) -> Result<ImportPreview> {
    let st = stored(svc, actor, import_id).await?;
    let rows = rows_of(svc, st.conference_id, &st.headers, &st.mapping, &st.raw, st.unit, locale).await?;
    Ok(ImportPreview {
        id: import_id,
        file_name: st.file_name,
        headers: st.headers,
        mapping: st.mapping,
        rows,
        status: st.status,
    })
}

/// Changes which column feeds which field; `mapping` holds (field, header or empty).
pub async fn remap(
    svc: &Service,
    actor: &Actor,
    import_id: i64,
    mapping: BTreeMap<String, String>,
    locale: Locale,
) -> Result<ImportPreview> {
    let st = stored(svc, actor, import_id).await?;
    if st.status != "preview" {
        return Err(AppError::rejected("import-error-done").into());
    }
    let mut check = crate::validate::Checker::new();
    let mapping: Vec<(String, String)> = FIELDS
        .iter()
        .map(|f| {
            let header = mapping.get(*f).map(|h| clean_line(h)).unwrap_or_default();
            if !header.is_empty() && !st.headers.contains(&header) {
                check.add(f, Message::new("error-choice"));
            }
            (f.to_string(), header)
        })
        .collect();
    check.finish()?;
    sqlx::query("UPDATE registration_imports SET mapping = $1 WHERE id = $2")
        .bind(serde_json::to_string(&mapping).map_err(anyhow::Error::from)?)
        .bind(import_id)
        .execute(svc.db.write())
        .await?;
    load(svc, actor, import_id, locale).await
}

/// What an accepted import did.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportOutcome {
    pub imported: usize,
    pub skipped: usize,
}

/// Registers every valid row of the preview, together; rows with problems are left out.
pub async fn accept(svc: &Service, actor: &Actor, import_id: i64, locale: Locale) -> Result<ImportOutcome> {
    let st = stored(svc, actor, import_id).await?;
    if st.status != "preview" {
        return Err(AppError::rejected("import-error-done").into());
    }
    let s = scope(svc, actor, st.conference_id).await?;
    let conference = by_id_internal(svc, st.conference_id).await?;
    let rows = rows_of(svc, st.conference_id, &st.headers, &st.mapping, &st.raw, st.unit, locale).await?;
    let (mut tx, mut seats) = Seats::lock(svc, st.conference_id).await?;
    let claimed = sqlx::query("UPDATE registration_imports SET status = 'done' WHERE id = $1 AND status = 'preview'")
        .bind(import_id)
        .execute(&mut **tx)
        .await?;
    if claimed.rows_affected() == 0 {
        return Err(AppError::rejected("import-error-done").into());
    }
    let ctx = std::sync::Arc::new(form::context(&mut tx, &conference).await?);
    let conference = std::sync::Arc::new(conference);
    let mut imported = 0;
    let mut skipped = 0;
    for row in rows {
        if !row.errors.is_empty() {
            skipped += 1;
            continue;
        }
        let valid = form::validate(&ctx, &row.input, Source::Import)?;
        let person_ids = ctx.people.iter().filter(|(_, e)| *e == valid.email).map(|(id, _)| *id).collect();
        let application = Application {
            conference: conference.clone(),
            ctx: ctx.clone(),
            input: row.input,
            valid,
            approval_applies: s != Scope::All,
            locale: Locale::Vi,
            source: Source::Import,
            by: Actorship::Import(actor.user_id()),
            submission: None,
            person_ids,
            unit_cap: None,
        };
        insert_in(svc, &mut tx, &mut seats, &application).await?;
        imported += 1;
    }
    seats.finish(&mut tx).await?;
    crate::public_revision::bump(&mut tx).await?;
    crate::audit::record(
        &mut tx,
        actor,
        Some(st.conference_id),
        "registration.import",
        &format!("{imported}/{}", imported + skipped),
    )
    .await?;
    tx.commit().await?;
    Ok(ImportOutcome { imported, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_headers_are_recognised() {
        assert_eq!(guess("Họ và tên"), Some("full_name"));
        assert_eq!(guess("HỌ VÀ TÊN"), Some("full_name"));
        assert_eq!(guess("Số điện thoại"), Some("phone"));
        assert_eq!(guess("Tỉnh/thành phố"), Some("admin_unit"));
        assert_eq!(guess("Cơ quan, đơn vị"), Some("organization"));
        assert_eq!(guess("Ghi chú"), None);
    }

    #[test]
    fn csv_must_be_utf8_and_semicolons_are_understood() {
        let latin1 = b"H\xe4 t\xean;Email\nA;b@c.vn\n";
        assert_eq!(read_table("ds.csv", latin1).unwrap_err().field("file").unwrap().key, "import-error-encoding");
        let (headers, rows) =
            read_table("ds.csv", "\u{feff}Họ và tên;Email\nNguyễn Văn An;an@x.vn\n".as_bytes()).unwrap();
        assert_eq!(headers, ["Họ và tên", "Email"]);
        assert_eq!(rows, [["Nguyễn Văn An", "an@x.vn"]]);
        assert_eq!(read_table("ds.pdf", b"%PDF").unwrap_err().field("file").unwrap().key, "import-error-type");
        assert_eq!(read_table("ds.csv", b"Ho ten\n").unwrap_err().field("file").unwrap().key, "import-error-empty");
    }
}
