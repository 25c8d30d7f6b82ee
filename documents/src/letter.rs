//! Official correspondence: documents with a type name (Mẫu 1.4: thông báo, báo cáo; Mẫu 1.7: giấy
//! mời) and letters without one (Mẫu 1.5: công văn), in the layout of Decree 30/2020/NĐ-CP.
//!
//! A [`Letter`] is the whole document as printed: heading with number and place-date line, type name and
//! subject (or the letter's "V/v" line), "Kính gửi", the body, the signature block beside "Nơi nhận",
//! and an optional appendix (the programme) whose pages are numbered on their own. The signature block
//! carries two empty signature fields: the signer's, centred between position and name, and the agency's
//! (its seal), covering the left third of the signer's. Several letters render into one file with
//! [`render_letters`] (a merged batch of invitations), each starting its own page numbering.

use crate::agenda::{AgendaDay, agenda_table};
use crate::layout::{
    Align, Block, DocMeta, HeaderSpec, MM, PageSetup, ParaStyle, Paragraph, Placed, Table, TableColumn, TableRow,
    official_header, render,
};
use crate::{DocumentError, FontStyle, text};
use serde::{Deserialize, Serialize};

/// Who signs, as printed in the signature block.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Signer {
    /// "KT. TỔNG GIÁM ĐỐC", "TL. TỔNG GIÁM ĐỐC", "TM. BAN TỔ CHỨC"; empty when the head signs.
    #[serde(default)]
    pub authority: String,
    /// "PHÓ TỔNG GIÁM ĐỐC".
    pub position: String,
    /// Full name, without academic titles.
    pub name: String,
}

/// A column of a table in a letter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PartColumn {
    pub header: String,
    pub weight: f32,
    /// Centred (numbers, dates) rather than left-aligned.
    #[serde(default)]
    pub center: bool,
}

/// A row of a table in a letter.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum PartRow {
    Cells(Vec<String>),
    /// A full-width bold row that opens a group (a topic, an addressee).
    Group(String),
}

/// A piece of a letter's body.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Part {
    /// A paragraph: justified, first line indented; lines of the text are paragraphs of their own.
    Text(String),
    /// "Label: value", the label in bold, as "Thời gian:", "Địa điểm:".
    Labelled {
        label: String,
        value: String,
    },
    /// A bold heading inside the body ("I. KẾT QUẢ …").
    Heading(String),
    /// An italic line (a note).
    Note(String),
    Table {
        columns: Vec<PartColumn>,
        rows: Vec<PartRow>,
    },
    /// A QR code with its explanation beside it (the nomination link of an invitation).
    Qr {
        data: String,
        caption: String,
    },
}

/// An appendix printed after the letter, on pages of its own (Mẫu 2.1): the programme of the conference.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Appendix {
    /// "CHƯƠNG TRÌNH".
    pub title: String,
    /// The conference's name.
    pub subtitle: String,
    /// "(Kèm theo Giấy mời số 05/GM-BHXH ngày 18 tháng 8 năm 2017 của Bảo hiểm xã hội Việt Nam)".
    pub reference: String,
    #[serde(default)]
    pub venue: String,
    pub days: Vec<AgendaDay>,
}

/// A whole document; see the module documentation.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Letter {
    /// Agency, number and place-date line; a công văn puts its "V/v …" subject in `header.summary`.
    pub header: HeaderSpec,
    /// "GIẤY MỜI", "THÔNG BÁO", "BÁO CÁO"; empty for a công văn.
    #[serde(default)]
    pub type_name: String,
    /// Printed in bold under the type name.
    #[serde(default)]
    pub subject: String,
    /// "Kính gửi:"; several are listed one per line.
    #[serde(default)]
    pub addressees: Vec<String>,
    pub parts: Vec<Part>,
    pub signer: Signer,
    /// "Nơi nhận:"; "Lưu: VT." is added when no line starts with "Lưu".
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub appendix: Option<Appendix>,
    /// Prefix of the signature fields' names, so that letters merged into one file keep them apart.
    #[serde(default)]
    pub field_prefix: String,
    /// Document title for the PDF's information.
    #[serde(default)]
    pub title: String,
}

/// The signer's field: about the size of a handwritten signature.
const SIGN_W: f32 = 60.0 * MM;
const SIGN_H: f32 = 22.0 * MM;
/// The agency's field: a round seal is about 36 mm across.
const SEAL: f32 = 36.0 * MM;
/// The signing space between the position and the name.
const SPACE_H: f32 = 24.0 * MM;
/// Share of the text width given to the signature block (the rest holds "Nơi nhận").
const SIGNER_SHARE: f32 = 0.58;

/// "Kính gửi:" in upright 14 pt. One addressee follows on the same line; several are listed one per line,
/// "- …;" with the last ending ".", aligned after the words "Kính gửi:", as paragraphs that may continue
/// on the next page (a notice may go to many units).
fn addressee_block(addressees: &[String]) -> Vec<Block> {
    let list: Vec<String> = addressees.iter().map(|a| text::line(a)).filter(|a| !a.is_empty()).collect();
    let style = ParaStyle::plain(14.0).line_height(1.25);
    match list.as_slice() {
        [] => Vec::new(),
        [one] => vec![Block::text(
            format!("Kính gửi: {}.", one.trim_end_matches(['.', ';'])),
            style.align(Align::Center).after(6.0),
        )],
        many => {
            let label = "Kính gửi: ";
            let list_x = PageSetup::a4_portrait().content_width() * 0.22;
            let label_x = (list_x - crate::fonts::text_width(label, FontStyle::Regular, 14.0)).max(0.0);
            let n = many.len();
            let mut blocks: Vec<Block> = many
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let end = if i + 1 == n { "." } else { ";" };
                    let line = format!("- {}{end}", a.trim_end_matches(['.', ';']));
                    if i == 0 {
                        Block::text(format!("{label}{line}"), style.indent(label_x))
                    } else {
                        Block::text(line, style.indent(list_x))
                    }
                })
                .collect();
            blocks.push(Block::Spacer(6.0));
            blocks
        }
    }
}

fn part_blocks(part: &Part) -> Vec<Block> {
    let body = ParaStyle::body();
    match part {
        Part::Text(t) => text::paragraphs(t).into_iter().map(|p| Block::text(p, body)).collect(),
        Part::Labelled { label, value } => {
            vec![Block::Paragraph(Paragraph::labelled(&text::line(label), &text::line(value), body))]
        }
        Part::Heading(h) => {
            vec![Block::text(text::line(h), body.first_indent(0.0).bold().before(4.0).keep_with_next())]
        }
        Part::Note(n) => vec![Block::text(text::line(n), body.italic())],
        Part::Table { columns, rows } => {
            let cols = columns
                .iter()
                .map(|c| {
                    let align = if c.center { Align::Center } else { Align::Left };
                    let col = TableColumn::new(text::line(&c.header), c.weight, align);
                    if c.weight <= 0.0 { col.nowrap() } else { col.words() }
                })
                .collect();
            let rows = rows
                .iter()
                .map(|r| match r {
                    PartRow::Cells(cells) => TableRow::Cells(cells.iter().map(|c| text::block(c)).collect()),
                    PartRow::Group(g) => TableRow::Group(text::line(g)),
                })
                .collect();
            let mut table = Table::new(cols, rows);
            table.size = 12.0;
            vec![Block::Table(table), Block::Spacer(6.0)]
        }
        Part::Qr { data, caption } => {
            let qr = 28.0 * MM;
            vec![Block::KeepTogether(vec![
                Block::Columns(vec![
                    (0.75, text::paragraphs(caption).into_iter().map(|p| Block::text(p, body)).collect()),
                    (0.25, vec![Block::Qr { data: data.clone(), size: qr, align: Align::Right }]),
                ]),
                Block::Spacer(4.0),
            ])]
        }
    }
}

/// The signing space: the signer's field centred, the seal's covering its left third.
fn signing_space(width: f32, prefix: &str) -> Block {
    let sign_x = ((width - SIGN_W) / 2.0).max(0.0);
    let seal_x = sign_x + SIGN_W / 3.0 - SEAL;
    let centre_y = SPACE_H / 2.0;
    Block::Canvas {
        height: SPACE_H,
        frame: 0.0,
        items: vec![
            Placed {
                x: sign_x,
                y: centre_y - SIGN_H / 2.0,
                width: SIGN_W,
                block: Block::SignatureField { name: format!("{prefix}signer"), width: SIGN_W, height: SIGN_H },
            },
            Placed {
                // The seal may reach left of the column, into the empty space beside it.
                x: seal_x.max(-sign_x - 10.0 * MM),
                y: centre_y - SEAL / 2.0,
                width: SEAL,
                block: Block::SignatureField { name: format!("{prefix}agency-seal"), width: SEAL, height: SEAL },
            },
        ],
    }
}

/// Width of the text block on A4 with the decree's margins, to size the signing space.
fn signer_column_width() -> f32 {
    PageSetup::a4_portrait().content_width() * SIGNER_SHARE
}

fn recipients_blocks(list: &[String]) -> Vec<Block> {
    let mut lines: Vec<String> = list.iter().map(|r| text::line(r)).filter(|r| !r.is_empty()).collect();
    if !lines.iter().any(|l| l.trim_start_matches(['-', ' ']).starts_with("Lưu")) {
        lines.push("Lưu: VT.".into());
    }
    let n = lines.len();
    let mut blocks = vec![Block::text("Nơi nhận:", ParaStyle::plain(12.0).font(FontStyle::BoldItalic))];
    for (i, l) in lines.into_iter().enumerate() {
        let l = l.trim_start_matches('-').trim().trim_end_matches([';', '.']).to_string();
        let end = if i + 1 == n { "." } else { ";" };
        blocks.push(Block::text(format!("- {l}{end}"), ParaStyle::plain(11.0).line_height(1.15)));
    }
    blocks
}

/// The signature block beside "Nơi nhận", kept on one page with `closing` (the last paragraph), so a
/// page never holds the signature alone.
fn signature_and_recipients(l: &Letter, closing: Vec<Block>) -> Block {
    // Authority and position in bold capitals, 13 pt; the name in bold, 14 pt.
    let title = ParaStyle::centered(13.0).bold().line_height(1.15);
    let mut right = Vec::new();
    let authority = text::line(&l.signer.authority).to_uppercase();
    if !authority.is_empty() {
        right.push(Block::text(authority, title));
    }
    right.push(Block::text(text::line(&l.signer.position).to_uppercase(), title));
    right.push(signing_space(signer_column_width(), &l.field_prefix));
    right.push(Block::text(text::line(&l.signer.name), ParaStyle::centered(14.0).bold()));
    let mut group = closing;
    group.push(Block::Spacer(6.0));
    group.push(Block::Columns(vec![(1.0 - SIGNER_SHARE, recipients_blocks(&l.recipients)), (SIGNER_SHARE, right)]));
    Block::KeepTogether(group)
}

fn appendix_blocks(a: &Appendix) -> Vec<Block> {
    let mut blocks = vec![
        Block::Section,
        Block::text("Phụ lục", ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&a.title).to_uppercase(), ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&a.subtitle), ParaStyle::centered(14.0).bold()),
        Block::text(text::line(&a.reference), ParaStyle::centered(13.0).italic().before(2.0)),
        Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 },
    ];
    if !a.venue.trim().is_empty() {
        blocks.push(Block::text(format!("Địa điểm: {}", text::line(&a.venue)), ParaStyle::centered(13.0).before(2.0)));
    }
    blocks.push(Block::Spacer(8.0));
    blocks.push(agenda_table(&a.days));
    blocks
}

/// The blocks of one letter (with its appendix), as they are flowed onto pages.
pub fn letter_blocks(l: &Letter) -> Vec<Block> {
    let mut blocks = vec![official_header(&l.header)];
    let type_name = text::line(&l.type_name).to_uppercase();
    if !type_name.is_empty() {
        blocks.push(Block::text(type_name, ParaStyle::centered(14.0).bold()));
        let subject = text::line(&l.subject);
        if !subject.is_empty() {
            blocks.push(Block::text(subject, ParaStyle::centered(14.0).bold().line_height(1.2)));
        }
        blocks.push(Block::Rule { length: 40.0 * MM, align: Align::Center, thickness: 0.6 });
        blocks.push(Block::Spacer(8.0));
    }
    blocks.extend(addressee_block(&l.addressees));
    // The last paragraph travels with the signature.
    let (last, body) = match l.parts.split_last() {
        Some((last @ Part::Text(_), body)) => (part_blocks(last), body),
        _ => (Vec::new(), l.parts.as_slice()),
    };
    for part in body {
        blocks.extend(part_blocks(part));
    }
    blocks.push(signature_and_recipients(l, last));
    if let Some(a) = &l.appendix {
        blocks.extend(appendix_blocks(a));
    }
    blocks
}

fn meta(l: &Letter) -> DocMeta {
    let number = text::line(&l.header.number);
    DocMeta {
        title: if l.title.trim().is_empty() { text::line(&l.subject) } else { text::line(&l.title) },
        author: text::line(&l.header.issuing_agency),
        subject: if number.is_empty() { String::new() } else { format!("Số {number}") },
    }
}

/// Renders one letter to PDF bytes.
pub fn render_letter(l: &Letter) -> Result<Vec<u8>, DocumentError> {
    render(&PageSetup::a4_portrait(), &meta(l), &letter_blocks(l))
}

/// Renders several letters into one file, each starting on a new page with its own page numbers (and
/// its own signature fields). `title` names the file.
pub fn render_letters(letters: &[Letter], title: &str) -> Result<Vec<u8>, DocumentError> {
    let mut blocks = Vec::new();
    for (i, l) in letters.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Section);
        }
        blocks.extend(letter_blocks(l));
    }
    let mut m = letters.first().map(meta).unwrap_or_default();
    m.title = text::line(title);
    m.subject = String::new();
    render(&PageSetup::a4_portrait(), &m, &blocks)
}
