//! Pieces every document of the correspondence shares: the heading with number and date line, the
//! signature block, "Nơi nhận", checks on the signer, and making the PDF of an issued document again from
//! the register.

use super::register::{Agency, Stored};
use crate::Service;
use crate::documents::Pdf;
use crate::error::Result;
use crate::validate::Checker;
use chrono::NaiveDate;
use hoinghi_documents as doc;
use hoinghi_domain::correspondence::limits;
use hoinghi_domain::text::{capitalize_first, clean_line, clean_text, search_key};
use hoinghi_domain::time::official_date;
use sha2::{Digest, Sha256};

/// Stands in the stored invitation for the token of the unit's nomination link, which is written in
/// only when the PDF is made (the register holds no live link).
pub(crate) const NOMINATION_LINK: &str = "{nomination-link}";

/// The heading of a document of `agency`: its number (or "…" before issue) and the date line.
pub(crate) fn header(
    agency: &Agency,
    number: &str,
    place: &str,
    day: NaiveDate,
    summary: Option<String>,
) -> doc::HeaderSpec {
    doc::HeaderSpec {
        parent_agency: Some(agency.parent_name.clone()).filter(|p| !p.trim().is_empty()),
        issuing_agency: agency.name.clone(),
        number: number.to_string(),
        place_date: Some(crate::documents::place_date(place, day)),
        summary,
    }
}

/// The number as a draft shows it before issue: "…/GM-BHXH".
pub(crate) fn draft_number(suffix: &str) -> String {
    format!("…/{suffix}")
}

/// The signer's fields, cleaned.
pub(crate) fn signer(authority: &str, position: &str, name: &str) -> doc::Signer {
    doc::Signer { authority: clean_line(authority), position: clean_line(position), name: clean_line(name) }
}

/// Checks a signer: position and name are needed to issue.
pub(crate) fn check_signer(ch: &mut Checker, s: &doc::Signer) {
    ch.required("signer_position", &s.position).max_len("signer_position", &s.position, limits::LINE);
    ch.required("signer_name", &s.name).max_len("signer_name", &s.name, limits::LINE);
    ch.max_len("signer_authority", &s.authority, limits::LINE);
}

/// "Nơi nhận:": `first` lines (e.g. "Như trên"), the organizers' lines, and "Lưu: VT, <drafting unit>".
pub(crate) fn recipients(first: &[String], typed: &str, drafting_unit: &str) -> Vec<String> {
    let mut out: Vec<String> = first.to_vec();
    out.extend(clean_text(typed).lines().map(clean_line).filter(|l| !l.is_empty() && !l.starts_with("Lưu")));
    let drafting = clean_line(drafting_unit);
    out.push(if drafting.is_empty() { "Lưu: VT".into() } else { format!("Lưu: VT, {drafting}") });
    out
}

/// A position without the agency's name at its end, for a signature block: "Phó Tổng Giám đốc Bảo hiểm
/// xã hội Việt Nam" → "Phó Tổng Giám đốc".
pub(crate) fn short_position(position: &str, agency: &str) -> String {
    let p = clean_line(position);
    let (pk, ak) = (search_key(&p), search_key(agency));
    if !ak.is_empty() && pk.ends_with(&ak) && pk.len() > ak.len() {
        // Same number of words: drop as many words from the end as the agency's name has.
        let words: Vec<&str> = p.split_whitespace().collect();
        let n = agency.split_whitespace().count();
        if words.len() > n {
            return words[..words.len() - n].join(" ");
        }
    }
    p
}

/// The signature block's authority and position for someone of `position` signing for the head of
/// `agency`: a deputy signs "KT." for the head ("KT. TỔNG GIÁM ĐỐC" over "PHÓ TỔNG GIÁM ĐỐC").
pub(crate) fn authority_for(position: &str, agency: &str) -> (String, String) {
    let short = short_position(position, agency);
    match short.strip_prefix("Phó ").or_else(|| short.strip_prefix("phó ")) {
        Some(head) => (format!("KT. {}", head.to_uppercase()), short.to_uppercase()),
        None => (String::new(), short.to_uppercase()),
    }
}

/// "ngày 18 tháng 9 năm 2017" for a date stored as `YYYY-MM-DD`.
pub(crate) fn official_day(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(official_date).unwrap_or_default()
}

/// The address of a unit's nomination page for `token`.
pub(crate) fn nomination_url(svc: &Service, token: &str) -> String {
    format!("{}/n/{token}", svc.settings.public_url.trim_end_matches('/'))
}

/// An ASCII file name for a document: "giay-moi-05-GM-BHXH.pdf".
pub(crate) fn file_name(what: &str, symbol: &str) -> String {
    let s: String = symbol.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("{what}-{}.pdf", s.trim_matches('-'))
}

pub(crate) fn render_err(e: doc::DocumentError) -> crate::Error {
    anyhow::anyhow!(e).into()
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `content` can be a register line's stored document: empty (a number given to a document made
/// outside the system) or a letter its PDF can be made from again.
pub(crate) fn is_stored_content(content: &str) -> bool {
    content.is_empty() || serde_json::from_str::<doc::Letter>(content).is_ok()
}

/// The letter of an issued document as it was issued, with the unit's nomination link written in.
pub(crate) async fn letter_of(svc: &Service, s: &Stored) -> Result<doc::Letter> {
    let mut json = s.content.clone();
    if json.contains(NOMINATION_LINK) {
        let (conference_id, unit_id) = (s.entry.conference_id.unwrap_or(0), s.unit_id.unwrap_or(0));
        let token = super::nomination::token(svc, conference_id, unit_id, s.link_generation.unwrap_or(0));
        json = json.replace(NOMINATION_LINK, &token);
    }
    Ok(serde_json::from_str(&json).map_err(anyhow::Error::from)?)
}

/// The PDF of an issued document, made again from the register (the layout is deterministic, so these
/// are the bytes that were issued; a difference is logged).
pub(crate) async fn pdf_of(svc: &Service, s: &Stored) -> Result<Pdf> {
    let letter = letter_of(svc, s).await?;
    let bytes = doc::render_letter(&letter).map_err(render_err)?;
    if !s.entry.pdf_sha256.is_empty() && s.entry.pdf_sha256 != sha256_hex(&bytes) {
        tracing::warn!(document = s.entry.id, "an issued document renders differently from when it was issued");
    }
    let what = match s.entry.kind {
        hoinghi_domain::correspondence::DocumentKind::Invitation => "giay-moi",
        hoinghi_domain::correspondence::DocumentKind::ChangeNotice => "thong-bao-thay-doi",
        hoinghi_domain::correspondence::DocumentKind::ConclusionNotice => "thong-bao-ket-luan",
        hoinghi_domain::correspondence::DocumentKind::RecommendationReport => "bao-cao-kien-nghi",
        hoinghi_domain::correspondence::DocumentKind::AnswerLetter => "cong-van-tra-loi",
    };
    Ok(Pdf { bytes, filename: file_name(what, &s.entry.symbol), count: 1 })
}

/// Renders the stored documents `ids` and records each one's hash (done after the issuing transaction).
pub(crate) async fn hash_issued(svc: &Service, ids: &[i64]) -> Result<()> {
    for id in ids {
        let mut conn = svc.db.read().acquire().await?;
        let Some(s) = super::register::stored(&mut conn, *id).await? else { continue };
        drop(conn);
        if s.content.is_empty() {
            continue;
        }
        let bytes = doc::render_letter(&letter_of(svc, &s).await?).map_err(render_err)?;
        super::register::set_pdf_hash(svc, *id, &sha256_hex(&bytes)).await?;
    }
    Ok(())
}

/// The first letter in lower case, for a subject quoted inside a sentence ("về việc dự Hội nghị …").
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first letter in upper case, the rest as typed.
pub(crate) fn sentence(s: &str) -> String {
    capitalize_first(s.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deputy_signs_for_the_head() {
        assert_eq!(
            authority_for("Phó Tổng Giám đốc Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Việt Nam"),
            ("KT. TỔNG GIÁM ĐỐC".to_string(), "PHÓ TỔNG GIÁM ĐỐC".to_string())
        );
        assert_eq!(
            authority_for("Cục trưởng", "Cục Văn thư và Lưu trữ nhà nước"),
            (String::new(), "CỤC TRƯỞNG".into())
        );
        assert_eq!(
            short_position("Vụ trưởng Vụ Hợp tác quốc tế", "Bảo hiểm xã hội Việt Nam"),
            "Vụ trưởng Vụ Hợp tác quốc tế"
        );
    }

    #[test]
    fn recipients_end_with_the_file_copy() {
        assert_eq!(
            recipients(&["Như trên".into()], "Tổng Giám đốc (để b/c)\n\nLưu: VT", "HTQT"),
            ["Như trên", "Tổng Giám đốc (để b/c)", "Lưu: VT, HTQT"]
        );
        assert_eq!(file_name("giay-moi", "05/GM-BHXH"), "giay-moi-05-GM-BHXH.pdf");
    }
}
