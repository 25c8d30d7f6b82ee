//! The pager: turns blocks into fragments and flows them down the pages.

use super::block::{Block, Paragraph};
use super::frag::{Draw, Frag};
use super::lines::paragraph_lines;
use super::qr::qr_frag;
use super::style::Align;
use super::table::{TableLayout, layout_table};

enum Unit {
    Frag {
        frag: Frag,
        keep_next: bool,
    },
    /// Vertical space, dropped at the top of a page.
    Space(f32),
    Break,
    /// A break that also starts the page numbering again.
    Section,
    Table(TableLayout),
}

/// `content_h` decides whether a keep-together group can be kept at all (if not, it flows).
fn units(block: &Block, x: f32, width: f32, content_h: f32, out: &mut Vec<Unit>) {
    match block {
        Block::Paragraph(p) => paragraph_units(p, x, width, out),
        Block::Columns(cols) => out.push(Unit::Frag { frag: columns(cols, x, width), keep_next: false }),
        Block::Table(t) => out.push(Unit::Table(layout_table(t, x, width))),
        Block::KeepTogether(children) => {
            let frag = stack(children, x, width);
            if frag.height <= content_h {
                out.push(Unit::Frag { frag, keep_next: false });
            } else {
                for c in children {
                    units(c, x, width, content_h, out);
                }
            }
        }
        Block::PageBreak => out.push(Unit::Break),
        Block::Section => out.push(Unit::Section),
        Block::Spacer(h) => out.push(Unit::Space(*h)),
        Block::SignatureField { name, width: w, height } => {
            let draw = Draw::Field { name: name.clone(), x, y: 0.0, w: w.min(width), h: *height };
            out.push(Unit::Frag { frag: Frag { height: *height, draws: vec![draw] }, keep_next: false });
        }
        Block::Rule { length, align, thickness } => {
            let len = if *length <= 0.0 { width } else { length.min(width) };
            let x1 = match align {
                Align::Center => x + (width - len) / 2.0,
                Align::Right => x + width - len,
                Align::Left | Align::Justify => x,
            };
            // Clear of the dots below (ộ, ậ) of the line above.
            let draw = Draw::Line { x1, y1: 3.5, x2: x1 + len, y2: 3.5, width: *thickness };
            out.push(Unit::Frag { frag: Frag { height: 6.0, draws: vec![draw] }, keep_next: false });
        }
        Block::Qr { data, size, align } => {
            let size = size.min(width);
            let qx = match align {
                Align::Center => x + (width - size) / 2.0,
                Align::Right => x + width - size,
                Align::Left | Align::Justify => x,
            };
            out.push(Unit::Frag { frag: qr_frag(data, qx, size), keep_next: false });
        }
        Block::Canvas { height, frame, items } => {
            let mut draws = Vec::new();
            if *frame > 0.0 {
                draws.push(Draw::Rect { x, y: 0.0, w: width, h: *height, stroke: *frame });
            }
            for item in items {
                let f = stack(std::slice::from_ref(&item.block), x + item.x, item.width.min(width - item.x));
                draws.extend(f.draws.into_iter().map(|d| d.shifted(item.y)));
            }
            out.push(Unit::Frag { frag: Frag { height: *height, draws }, keep_next: false });
        }
    }
}

fn paragraph_units(p: &Paragraph, x: f32, width: f32, out: &mut Vec<Unit>) {
    if p.style.space_before > 0.0 {
        out.push(Unit::Space(p.style.space_before));
    }
    let lines = paragraph_lines(&p.spans, &p.style, x, width);
    if p.style.keep_with_next {
        // A heading moves with the first line of what follows it.
        let mut frag = Frag::default();
        lines.into_iter().for_each(|l| frag.stack(l));
        out.push(Unit::Frag { frag, keep_next: true });
    } else {
        let n = lines.len();
        for (i, frag) in lines.into_iter().enumerate() {
            // No single first line at the foot of a page (orphan): the first line keeps with the second.
            out.push(Unit::Frag { frag, keep_next: i == 0 && n > 1 });
        }
    }
    if p.style.space_after > 0.0 {
        out.push(Unit::Space(p.style.space_after));
    }
}

/// Lays blocks out one under the other as a single unbreakable fragment.
pub(crate) fn stack(blocks: &[Block], x: f32, width: f32) -> Frag {
    let mut us = Vec::new();
    for b in blocks {
        units(b, x, width, f32::INFINITY, &mut us);
    }
    let mut frag = Frag::default();
    for u in us {
        match u {
            Unit::Frag { frag: f, .. } => frag.stack(f),
            Unit::Space(h) => frag.height += h,
            Unit::Break | Unit::Section => {}
            Unit::Table(t) => {
                for row in t.header.iter().chain(&t.rows) {
                    frag.stack(row.slice(0, row.line_count(), true));
                }
            }
        }
    }
    frag
}

fn columns(cols: &[(f32, Vec<Block>)], x: f32, width: f32) -> Frag {
    let total: f32 = cols.iter().map(|(w, _)| w.max(0.0)).sum::<f32>().max(f32::EPSILON);
    let mut cx = x;
    let mut out = Frag::default();
    for (weight, blocks) in cols {
        let w = width * weight.max(0.0) / total;
        let f = stack(blocks, cx, w);
        out.height = out.height.max(f.height);
        out.draws.extend(f.draws);
        cx += w;
    }
    out
}

/// Pages of absolute draws (y from the top of the page).
pub(crate) struct Pager {
    top: f32,
    content_h: f32,
    pub(crate) pages: Vec<Vec<Draw>>,
    /// Index of the page each page's numbering counts from (its section's first page).
    section_of: Vec<usize>,
    y: f32,
}

impl Pager {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.section_of.push(self.section_of.last().copied().unwrap_or(0));
        self.y = 0.0;
    }

    /// Starts a new section on a new page (or on this one, if nothing is on it yet).
    fn new_section(&mut self) {
        if self.y > 0.0 || self.pages.last().is_some_and(|p| !p.is_empty()) {
            self.new_page();
        }
        let here = self.pages.len() - 1;
        if let Some(s) = self.section_of.last_mut() {
            *s = here;
        }
    }

    fn place(&mut self, f: Frag) {
        let dy = self.top + self.y;
        if let Some(page) = self.pages.last_mut() {
            page.extend(f.draws.into_iter().map(|d| d.shifted(dy)));
        }
        self.y += f.height;
    }

    /// Starts a new page unless `h` fits below the cursor (or the page is still empty).
    fn ensure(&mut self, h: f32) {
        if self.y > 0.0 && self.y + h > self.content_h + 0.01 {
            self.new_page();
        }
    }

    fn table(&mut self, t: TableLayout) {
        let header_h = t.header.as_ref().map_or(0.0, |h| h.height());
        let mut header_page: Option<usize> = None;
        let n_rows = t.rows.len();
        for (i, row) in t.rows.iter().enumerate() {
            let total = row.line_count();
            let mut from = 0;
            loop {
                let need_header = t.header.is_some() && header_page != Some(self.pages.len());
                let hh = if need_header { header_h } else { 0.0 };
                let remaining = self.content_h - self.y - hh;
                let rest = total - from;
                let mut rest_h = row.part_height(from, rest, from == 0);
                if row.keep_next {
                    // A group heading stays with the headings nested in it and their first row.
                    let mut j = i + 1;
                    while j < n_rows && t.rows[j].keep_next {
                        rest_h += t.rows[j].height();
                        j += 1;
                    }
                    if j < n_rows {
                        rest_h += t.rows[j].height().min(self.content_h / 4.0);
                    }
                }
                let fits = rest_h <= remaining + 0.01;
                let fits_fresh = rest_h + header_h <= self.content_h + 0.01;
                if !fits && self.y > 0.0 && (fits_fresh || from == 0 && row.lines_fitting(from, remaining) < 2) {
                    // Move the row to the next page rather than split it (or split a tall row on a
                    // fresh page rather than leave one lonely line here).
                    self.new_page();
                    continue;
                }
                let count = if fits { rest } else { row.lines_fitting(from, remaining).max(1) };
                if let (true, Some(h)) = (need_header, &t.header) {
                    self.place(h.slice(0, h.line_count(), true));
                    header_page = Some(self.pages.len());
                }
                self.place(row.slice(from, count, from == 0 && count == rest));
                from += count;
                if from >= total {
                    break;
                }
                self.new_page();
            }
        }
    }
}

/// The laid-out pages, and for each page its number within its section (1 = the section's first page).
pub(crate) struct Paged {
    pub pages: Vec<Vec<Draw>>,
    pub numbers: Vec<usize>,
}

/// Flows `blocks` onto pages whose content area starts `top` pt from the top edge.
pub(crate) fn paginate(blocks: &[Block], x: f32, width: f32, top: f32, content_h: f32) -> Paged {
    let mut us = Vec::new();
    for b in blocks {
        units(b, x, width, content_h, &mut us);
    }
    let mut pager = Pager { top, content_h, pages: vec![Vec::new()], section_of: vec![0], y: 0.0 };
    let next_height = |us: &[Unit], from: usize| {
        us[from..]
            .iter()
            .find_map(|u| match u {
                Unit::Frag { frag, .. } => Some(frag.height),
                Unit::Table(t) => Some(
                    t.header.as_ref().map_or(0.0, |h| h.height())
                        + t.rows.first().map_or(0.0, |r| r.height().min(60.0)),
                ),
                Unit::Break | Unit::Section => Some(0.0),
                Unit::Space(_) => None,
            })
            .unwrap_or(0.0)
    };
    let mut i = 0;
    while i < us.len() {
        let extra = match &us[i] {
            Unit::Frag { keep_next: true, .. } => next_height(&us, i + 1),
            _ => 0.0,
        };
        match std::mem::replace(&mut us[i], Unit::Break) {
            Unit::Frag { frag, .. } => {
                // Only keep with the next unit if both fit on a page at all.
                pager.ensure(if frag.height + extra <= content_h { frag.height + extra } else { frag.height });
                pager.place(frag);
            }
            Unit::Space(h) => {
                if pager.y > 0.0 {
                    pager.y += h;
                }
            }
            Unit::Break => {
                if pager.y > 0.0 {
                    pager.new_page();
                }
            }
            Unit::Section => pager.new_section(),
            Unit::Table(t) => pager.table(t),
        }
        i += 1;
    }
    let numbers = pager.section_of.iter().enumerate().map(|(i, s)| i - s + 1).collect();
    Paged { pages: pager.pages, numbers }
}
