//! The delegate list as CSV (UTF-8 with a byte-order mark, so Excel opens Vietnamese correctly) and XLSX,
//! grouped and sorted as on screen. Headings in the reader's language.

use super::queries::list;
use crate::Service;
use crate::accounts::Actor;
use crate::error::Result;
use hoinghi_domain::registration::Registration;
use hoinghi_domain::time::short_date;
use hoinghi_domain::{Locale, i18n::t};
use rust_xlsxwriter::{Format, Workbook};

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
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(&headings).map_err(anyhow::Error::from)?;
        for r in rows {
            w.write_record(&r).map_err(anyhow::Error::from)?;
        }
        w.flush().map_err(anyhow::Error::from)?;
    }
    Ok(out)
}

pub async fn xlsx(svc: &Service, actor: &Actor, conference_id: i64, locale: Locale) -> Result<Vec<u8>> {
    let (headings, rows) = rows(svc, actor, conference_id, locale).await?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t(locale, "export-sheet")).map_err(anyhow::Error::from)?;
    let bold = Format::new().set_bold();
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold).map_err(anyhow::Error::from)?;
    }
    for (r, values) in rows.iter().enumerate() {
        for (c, v) in values.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v).map_err(anyhow::Error::from)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(anyhow::Error::from)?;
    sheet.autofit();
    book.save_to_buffer().map_err(|e| anyhow::anyhow!("xlsx: {e}").into())
}
