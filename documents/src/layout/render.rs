//! Pages to PDF bytes: printpdf builds the document (fonts embedded and subset), lopdf adds what
//! printpdf cannot (the catalog's /Lang, empty signature fields) and replaces its random parts, so the
//! same input always gives the same bytes and a stable content hash.

use super::block::Block;
use super::flow::paginate;
use super::frag::Draw;
use super::style::MM;
use crate::error::DocumentError;
use crate::fonts::{FontStyle, face};
use printpdf::{
    FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect,
    TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

/// Page margins in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    pub fn mm(top: f32, bottom: f32, left: f32, right: f32) -> Self {
        Margins { top: top * MM, bottom: bottom * MM, left: left * MM, right: right * MM }
    }
}

impl Default for Margins {
    /// The decree's own template: top 25, bottom 20, left 35, right 20 mm.
    fn default() -> Self {
        Margins::mm(25.0, 20.0, 35.0, 20.0)
    }
}

/// Paper, margins and page numbering of a document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub margins: Margins,
    /// Page numbers centred in the top margin from page 2 (page 1 never carries one).
    pub page_numbers: bool,
    pub number_size: f32,
}

impl PageSetup {
    pub fn a4_portrait() -> Self {
        PageSetup {
            width: 210.0 * MM,
            height: 297.0 * MM,
            margins: Margins::default(),
            page_numbers: true,
            number_size: 13.0,
        }
    }

    pub fn a4_landscape() -> Self {
        PageSetup { width: 297.0 * MM, height: 210.0 * MM, ..Self::a4_portrait() }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.margins.left - self.margins.right
    }

    pub fn content_height(&self) -> f32 {
        self.height - self.margins.top - self.margins.bottom
    }
}

impl Default for PageSetup {
    fn default() -> Self {
        Self::a4_portrait()
    }
}

/// Document information written into the PDF.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
}

/// An empty signature field on a page, in PDF user space (origin bottom left).
struct Field {
    page: usize,
    name: String,
    rect: [f32; 4],
}

/// Lays `blocks` out and returns the PDF bytes.
pub fn render(setup: &PageSetup, meta: &DocMeta, blocks: &[Block]) -> Result<Vec<u8>, DocumentError> {
    let m = setup.margins;
    let paged = paginate(blocks, m.left, setup.content_width(), m.top, setup.content_height());
    let mut pages = paged.pages;
    if setup.page_numbers {
        // Page 1 of every section (a document, an appendix) carries no number.
        for (page, n) in pages.iter_mut().zip(&paged.numbers) {
            if *n > 1 {
                page.push(page_number(setup, *n));
            }
        }
    }
    let mut fields = Vec::new();
    for (i, draws) in pages.iter().enumerate() {
        for d in draws {
            if let Draw::Field { name, x, y, w, h } = d {
                let top = setup.height - y;
                fields.push(Field { page: i + 1, name: name.clone(), rect: [*x, top - h, x + w, top] });
            }
        }
    }
    let pdf_pages = pages
        .iter()
        .map(|draws| PdfPage::new(Pt(setup.width).into(), Pt(setup.height).into(), ops(setup, draws)))
        .collect();
    save(meta, pdf_pages, &fields)
}

fn page_number(setup: &PageSetup, n: usize) -> Draw {
    let text = n.to_string();
    let size = setup.number_size;
    let w = face(FontStyle::Regular).width(&text, size);
    Draw::Text {
        x: (setup.margins.left + setup.content_width() / 2.0) - w / 2.0,
        // in the middle of the top margin
        baseline: setup.margins.top / 2.0 + size * 0.35,
        size,
        runs: vec![super::frag::Run { style: FontStyle::Regular, items: vec![TextItem::Text(text)] }],
    }
}

fn font_handle(style: FontStyle) -> PdfFontHandle {
    PdfFontHandle::External(FontId(style.resource_id().to_string()))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

fn ops(setup: &PageSetup, draws: &[Draw]) -> Vec<Op> {
    let h = setup.height;
    let mut ops = Vec::new();
    let mut stroke = None;
    for d in draws {
        match d {
            Draw::Line { x1, y1, x2, y2, width } => {
                if stroke != Some(*width) {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some(*width);
                }
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(*x1, h - y1), point(*x2, h - y2)], is_closed: false },
                });
            }
            Draw::Rect { x, y, w, h: rh, stroke: sw } => {
                let mode = if *sw > 0.0 {
                    if stroke != Some(*sw) {
                        ops.push(Op::SetOutlineThickness { pt: Pt(*sw) });
                        stroke = Some(*sw);
                    }
                    PaintMode::Stroke
                } else {
                    PaintMode::Fill
                };
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(h - y - rh),
                        width: Pt(*w),
                        height: Pt(*rh),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Draw::Text { .. } | Draw::Field { .. } => {}
        }
    }
    // All text of the page in one text object; fonts are only re-selected when they change.
    ops.push(Op::StartTextSection);
    let mut font = None;
    for d in draws {
        if let Draw::Text { x, baseline, size, runs } = d {
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(h - baseline)) });
            for run in runs {
                if font != Some((run.style, *size)) {
                    ops.push(Op::SetFont { font: font_handle(run.style), size: Pt(*size) });
                    font = Some((run.style, *size));
                }
                ops.push(Op::ShowText { items: run.items.clone() });
            }
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Stand-in for the trailer /ID until the file's hash is known; same length as the hex hash.
const ID_PLACEHOLDER: &str = "00000000000000000000000000000000";

/// Adds the empty signature fields: one widget annotation per field on its page, all listed in the
/// catalog's /AcroForm. Names are made unique in order of appearance (a repeated name gets "-2", "-3"…),
/// since two fields of one name would be one field.
fn add_signature_fields(
    lo: &mut lopdf::Document,
    root: lopdf::ObjectId,
    fields: &[Field],
) -> Result<(), DocumentError> {
    use lopdf::{Dictionary, Object};
    if fields.is_empty() {
        return Ok(());
    }
    let pages = lo.get_pages();
    let mut seen: Vec<String> = Vec::new();
    let mut refs = Vec::new();
    for f in fields {
        let Some(&page_id) = pages.get(&(f.page as u32)) else { continue };
        let base: String = f.name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')).collect();
        let mut name = base.clone();
        let mut n = 1;
        while seen.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        seen.push(name.clone());
        let mut widget = Dictionary::new();
        widget.set("Type", Object::Name(b"Annot".to_vec()));
        widget.set("Subtype", Object::Name(b"Widget".to_vec()));
        widget.set("FT", Object::Name(b"Sig".to_vec()));
        widget.set("T", Object::string_literal(name));
        widget.set("Rect", Object::Array(f.rect.iter().map(|v| Object::Real((v * 100.0).round() / 100.0)).collect()));
        // Printable; the appearance comes from the signing tool.
        widget.set("F", Object::Integer(4));
        widget.set("P", Object::Reference(page_id));
        let id = lo.add_object(Object::Dictionary(widget));
        let page = lo.get_object_mut(page_id).and_then(Object::as_dict_mut)?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(list)) => list.push(Object::Reference(id)),
            _ => page.set("Annots", Object::Array(vec![Object::Reference(id)])),
        }
        refs.push(Object::Reference(id));
    }
    let mut form = Dictionary::new();
    form.set("Fields", Object::Array(refs));
    // SignaturesExist: the file has signature fields (AppendOnly is for the signing tool to set).
    form.set("SigFlags", Object::Integer(1));
    lo.get_object_mut(root).and_then(Object::as_dict_mut)?.set("AcroForm", Object::Dictionary(form));
    Ok(())
}

fn save(meta: &DocMeta, pages: Vec<PdfPage>, fields: &[Field]) -> Result<Vec<u8>, DocumentError> {
    let mut doc = PdfDocument::new(&crate::text::line(&meta.title));
    doc.metadata.info.author = crate::text::line(&meta.author);
    doc.metadata.info.subject = crate::text::line(&meta.subject);
    doc.metadata.info.creator = "hoinghi".into();
    doc.metadata.info.producer = "hoinghi-documents (printpdf)".into();
    for style in FontStyle::ALL {
        doc.resources
            .fonts
            .map
            .insert(FontId(style.resource_id().to_string()), printpdf::PdfFont::new(face(style).parsed.clone()));
    }
    doc.pages = pages;
    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, ..Default::default() };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    lo.compress();

    let root = lo.trailer.get(b"Root").and_then(lopdf::Object::as_reference)?;
    lo.get_object_mut(root).and_then(lopdf::Object::as_dict_mut)?.set("Lang", lopdf::Object::string_literal("vi"));
    add_signature_fields(&mut lo, root, fields)?;
    if let Ok(info) = lo.trailer.get(b"Info").and_then(lopdf::Object::as_reference)
        && let Ok(dict) = lo.get_object_mut(info).and_then(lopdf::Object::as_dict_mut)
    {
        // printpdf writes the Unix epoch as the dates; no date is better than a wrong one,
        // and a real "now" would make the output differ run to run.
        for key in [&b"CreationDate"[..], b"ModDate", b"Trapped", b"GTS_PDFXVersion", b"Identifier", b"Keywords"] {
            dict.remove(key);
        }
    }
    let placeholder = lopdf::Object::string_literal(ID_PLACEHOLDER);
    lo.trailer.set("ID", lopdf::Object::Array(vec![placeholder.clone(), placeholder]));

    let mut out = Vec::new();
    lo.save_to(&mut out)?;
    // The ID is the hash of the file itself, patched in place (same length, offsets unchanged).
    let id = hex::encode(&Sha256::digest(&out)[..16]);
    let needle = ID_PLACEHOLDER.as_bytes();
    let mut i = 0;
    while i + needle.len() <= out.len() {
        if &out[i..i + needle.len()] == needle && i > 0 && out[i - 1] == b'(' {
            out[i..i + needle.len()].copy_from_slice(id.as_bytes());
            i += needle.len();
        } else {
            i += 1;
        }
    }
    Ok(out)
}
