//! The delegate list as CSV (UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly) and XLSX,
//! grouped and sorted as on screen. Headings in the reader's language.

use super::queries::list;
use crate::Service;
use crate::accounts::Actor;
use crate::error::Result;
use hoinghi_domain::registration::Registration;
use hoinghi_domain::time::short_date;
use hoinghi_domain::{Locale, i18n::t};

const COLUMNS: [&str; 15] = [
    "export-col-no",
    "export-col-name",
    "export-col-gender",
    "export-col-position",
    "export-col-organization",
    "export-col-province",
    "export-col-phone",
    "export-col-email",
    "export-col-status",
    "export-col-days",
    "export-col-classes",
    "export-col-accommodation",
    "export-col-dietary",
    "export-col-code",
    "export-col-checked-in",
];

fn row(n: usize, r: &Registration, locale: Locale) -> Vec<String> {
    let gender = match r.gender.as_str() {
        "" => String::new(),
        g => t(locale, &format!("gender-{g}")),
    };
    vec![
        n.to_string(),
        r.name.display(),
        gender,
        r.position_title.clone(),
        r.organization.clone(),
        r.admin_unit_name.clone(),
        r.phone.clone(),
        r.email.clone(),
        t(locale, r.status.label_key()),
        r.days.iter().map(|d| short_date(*d)).collect::<Vec<_>>().join(", "),
        r.sessions.iter().map(|s| s.title.clone()).collect::<Vec<_>>().join("; "),
        if r.accommodation { t(locale, "common-yes") } else { t(locale, "common-no") },
        r.dietary.clone(),
        r.code.clone(),
        r.checked_in.join(", "),
    ]
}

async fn rows(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    locale: Locale,
) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let delegates = list(svc, actor, conference_id, None).await?;
    let headings = COLUMNS.iter().map(|k| t(locale, k)).collect();
    let mut out = Vec::new();
    for g in &delegates.groups {
        for r in &g.delegates {
            out.push(row(out.len() + 1, r, locale));
        }
    }
    Ok((headings, out))
}

pub async fn csv(svc: &Service, actor: &Actor, conference_id: i64, locale: Locale) -> Result<Vec<u8>> {
    let (headings, rows) = rows(svc, actor, conference_id, locale).await?;
    // Only the row number is a number we write; every other cell is text and neutralised.
    crate::tabular::csv(&headings, &rows, &[0])
}

pub async fn xlsx(svc: &Service, actor: &Actor, conference_id: i64, locale: Locale) -> Result<Vec<u8>> {
    let (headings, rows) = rows(svc, actor, conference_id, locale).await?;
    let sheet = t(locale, "export-sheet");
    crate::blocking::run(move || crate::tabular::xlsx(&sheet, &headings, &rows, &[0])).await?
}
