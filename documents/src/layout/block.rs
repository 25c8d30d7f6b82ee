//! The blocks a document is made of. Builders produce a `Vec<Block>`; the pager flows them onto pages.

use super::lines::Span;
use super::style::{Align, ParaStyle};
use crate::fonts::FontStyle;

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub style: ParaStyle,
}

impl Paragraph {
    pub fn new(text: impl Into<String>, style: ParaStyle) -> Self {
        Paragraph { spans: vec![Span::new(text, style.font)], style }
    }

    /// "Label: value" with the label in bold, as the minutes' "Thời gian:", "Địa điểm:" lines.
    pub fn labelled(label: &str, value: &str, style: ParaStyle) -> Self {
        let label_font = match style.font {
            FontStyle::Italic | FontStyle::BoldItalic => FontStyle::BoldItalic,
            _ => FontStyle::Bold,
        };
        Paragraph { spans: vec![Span::new(format!("{label} "), label_font), Span::new(value, style.font)], style }
    }
}

/// How a column's width follows its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// Only the weight decides.
    #[default]
    Weight,
    /// At least as wide as its widest word (header included), so words wrap between each other and are
    /// never cut; names break between syllables only.
    Words,
    /// Wide enough that no cell wraps at all (times, room names), unless that would take more than a
    /// third of the table, when it falls back to [`Fit::Words`].
    NoWrap,
}

#[derive(Debug, Clone)]
pub struct TableColumn {
    pub header: String,
    /// Relative width; the columns share the block width in proportion (after each got its minimum).
    pub weight: f32,
    pub align: Align,
    pub fit: Fit,
}

impl TableColumn {
    pub fn new(header: impl Into<String>, weight: f32, align: Align) -> Self {
        TableColumn { header: header.into(), weight, align, fit: Fit::Weight }
    }

    /// Never narrower than its widest word.
    pub fn words(mut self) -> Self {
        self.fit = Fit::Words;
        self
    }

    /// Never wraps (see [`Fit::NoWrap`]).
    pub fn nowrap(mut self) -> Self {
        self.fit = Fit::NoWrap;
        self
    }
}

#[derive(Debug, Clone)]
pub enum TableRow {
    Cells(Vec<String>),
    /// A full-width bold row that opens a group (a day of the agenda, a province).
    Group(String),
}

#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<TableColumn>,
    pub rows: Vec<TableRow>,
    pub size: f32,
    /// Rows are at least this tall (pt): room to sign on a sign-in sheet.
    pub min_row_height: f32,
    pub padding: f32,
    pub borders: bool,
    pub header: bool,
}

impl Table {
    pub fn new(columns: Vec<TableColumn>, rows: Vec<TableRow>) -> Self {
        Table { columns, rows, size: 13.0, min_row_height: 0.0, padding: 3.0, borders: true, header: true }
    }
}

/// A block placed at an offset inside a [`Block::Canvas`].
#[derive(Debug, Clone)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub block: Block,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    /// Side-by-side columns (weight, content), laid out as one unbreakable fragment.
    Columns(Vec<(f32, Vec<Block>)>),
    Table(Table),
    /// Moved to the next page as a whole if it does not fit (the signature block).
    KeepTogether(Vec<Block>),
    PageBreak,
    Spacer(f32),
    /// A horizontal rule of `length` pt (0 = the full width).
    Rule {
        length: f32,
        align: Align,
        thickness: f32,
    },
    /// A QR code drawn as vector squares, `size` pt wide including the quiet zone.
    Qr {
        data: String,
        size: f32,
        align: Align,
    },
    /// A fixed-height area with blocks at given offsets, optionally framed (badges, certificates).
    Canvas {
        height: f32,
        frame: f32,
        items: Vec<Placed>,
    },
    /// An empty signature field `width` × `height` pt at the left of its block (placed with a
    /// [`Block::Canvas`]): nothing is drawn, the PDF gets an AcroForm `/Sig` widget there, so a signing
    /// tool signs in place without moving the layout. Names must be unique within a file.
    SignatureField {
        name: String,
        width: f32,
        height: f32,
    },
    /// Starts another document in the same file (the next invitation of a merged file, an appendix): a new
    /// page whose numbering starts again, with no number on its first page.
    Section,
}

impl Block {
    pub fn text(text: impl Into<String>, style: ParaStyle) -> Block {
        Block::Paragraph(Paragraph::new(text, style))
    }
}
