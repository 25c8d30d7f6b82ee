//! The two-column heading of an official document (Decree 30/2020, Appendix I): agency block on
//! the left, national title and motto on the right, then "Số: …" beside the place and date.

use super::block::Block;
use super::lines::{Span, natural_width};
use super::style::{Align, ParaStyle};
use crate::fonts::FontStyle;

/// Inputs of the official heading; all text is used as given (NFC-normalised).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct HeaderSpec {
    /// "BỘ TÀI CHÍNH" (optional).
    pub parent_agency: Option<String>,
    /// "BẢO HIỂM XÃ HỘI VIỆT NAM".
    pub issuing_agency: String,
    /// Number and symbol without "Số: ", e.g. "07/BB-BHXH". Empty = no number line.
    pub number: String,
    /// "Hà Nội, ngày 18 tháng 9 năm 2017" (optional; Mẫu 1.9 has none).
    pub place_date: Option<String>,
    /// A letter's (công văn's) subject, "V/v …", printed under the number in the agency's column.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Share of the text width given to the agency column.
const LEFT: f32 = 0.42;

fn rule_under(text: &str, font: FontStyle, size: f32, fraction: f32) -> Block {
    let w = natural_width(&[Span::new(text, font)], size);
    Block::Rule { length: (w * fraction).max(20.0), align: Align::Center, thickness: 0.6 }
}

pub(crate) fn official_header(h: &HeaderSpec) -> Block {
    let agency = crate::text::line(&h.issuing_agency).to_uppercase();
    let mut left = Vec::new();
    if let Some(parent) = h.parent_agency.as_deref().map(crate::text::line).filter(|p| !p.is_empty()) {
        left.push(Block::text(parent.to_uppercase(), ParaStyle::centered(12.0).line_height(1.15)));
    }
    left.push(Block::text(agency.clone(), ParaStyle::centered(12.0).bold().line_height(1.15)));
    left.push(rule_under(&agency, FontStyle::Bold, 12.0, 0.4));

    let motto = "Độc lập - Tự do - Hạnh phúc";
    let right = vec![
        Block::text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ParaStyle::centered(12.0).bold().line_height(1.15)),
        Block::text(motto, ParaStyle::centered(13.0).bold().line_height(1.15)),
        rule_under(motto, FontStyle::Bold, 13.0, 1.0),
    ];
    let number = crate::text::line(&h.number);
    let mut number_line = if number.is_empty() {
        Vec::new()
    } else {
        vec![Block::text(format!("Số: {number}"), ParaStyle::centered(13.0))]
    };
    if let Some(summary) = h.summary.as_deref().map(crate::text::line).filter(|s| !s.is_empty()) {
        number_line.push(Block::text(summary, ParaStyle::centered(12.0).line_height(1.15).before(2.0)));
    }
    let date_line = h
        .place_date
        .as_deref()
        .map(crate::text::line)
        .filter(|d| !d.is_empty())
        .map(|d| vec![Block::text(d, ParaStyle::centered(13.0).italic())])
        .unwrap_or_default();
    // Two rows so "Số" and the date share a baseline whatever the height of the blocks above.
    Block::KeepTogether(vec![
        Block::Columns(vec![(LEFT, left), (1.0 - LEFT, right)]),
        Block::Spacer(4.0),
        Block::Columns(vec![(LEFT, number_line), (1.0 - LEFT, date_line)]),
        Block::Spacer(12.0),
    ])
}
