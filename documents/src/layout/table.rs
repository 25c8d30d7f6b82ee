//! Table layout: wrapped cells, rows that move to the next page whole when they fit there, rows
//! taller than a page split between lines, and the header row repeated on every page.

use super::block::{Table, TableRow};
use super::frag::{Draw, Frag};
use super::lines::{Span, paragraph_lines};
use super::style::{Align, ParaStyle};
use crate::fonts::FontStyle;

pub(crate) struct RowLayout {
    /// Column x positions and widths.
    cols: Vec<(f32, f32)>,
    /// Lines of each cell.
    cells: Vec<Vec<Frag>>,
    pad: f32,
    min_height: f32,
    borders: bool,
    /// A group heading: never the last row on a page.
    pub(crate) keep_next: bool,
}

impl RowLayout {
    pub(crate) fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn lines_height(&self, from: usize, count: usize) -> f32 {
        self.cells.iter().map(|c| c.iter().skip(from).take(count).map(|l| l.height).sum::<f32>()).fold(0.0, f32::max)
    }

    pub(crate) fn height(&self) -> f32 {
        (self.lines_height(0, usize::MAX) + 2.0 * self.pad).max(self.min_height)
    }

    /// How many lines (from `from`) fit in `space` pt.
    pub(crate) fn lines_fitting(&self, from: usize, space: f32) -> usize {
        let mut n = 0;
        while from + n < self.line_count() && self.lines_height(from, n + 1) + 2.0 * self.pad <= space {
            n += 1;
        }
        n
    }

    pub(crate) fn part_height(&self, from: usize, count: usize, whole: bool) -> f32 {
        let content = self.lines_height(from, count) + 2.0 * self.pad;
        if whole { content.max(self.min_height) } else { content }
    }

    /// The fragment showing lines `from..from+count` of every cell.
    pub(crate) fn slice(&self, from: usize, count: usize, whole: bool) -> Frag {
        let height = self.part_height(from, count, whole);
        let mut draws = Vec::new();
        for ((x, w), cell) in self.cols.iter().zip(&self.cells) {
            let mut y = self.pad;
            for line in cell.iter().skip(from).take(count) {
                draws.extend(line.draws.iter().cloned().map(|d| d.shifted(y)));
                y += line.height;
            }
            if self.borders {
                draws.push(Draw::Rect { x: *x, y: 0.0, w: *w, h: height, stroke: 0.6 });
            }
        }
        Frag { height, draws }
    }
}

pub(crate) struct TableLayout {
    pub header: Option<RowLayout>,
    pub rows: Vec<RowLayout>,
}

fn cell(text: &str, style: &ParaStyle, x: f32, w: f32, pad: f32) -> Vec<Frag> {
    let style = style.indent(0.0);
    paragraph_lines(&[Span::new(text, style.font)], &style, x + pad, (w - 2.0 * pad).max(1.0))
}

pub(crate) fn layout_table(t: &Table, x: f32, width: f32) -> TableLayout {
    let total: f32 = t.columns.iter().map(|c| c.weight.max(0.0)).sum::<f32>().max(f32::EPSILON);
    let mut cols = Vec::with_capacity(t.columns.len());
    let mut cx = x;
    for c in &t.columns {
        let w = width * c.weight.max(0.0) / total;
        cols.push((cx, w));
        cx += w;
    }
    let base = ParaStyle::plain(t.size).line_height(1.15);
    let row = |texts: Vec<(&str, ParaStyle)>, min_height: f32| RowLayout {
        cells: texts.iter().zip(&cols).map(|((s, st), (cx, w))| cell(s, st, *cx, *w, t.padding)).collect(),
        cols: cols.clone(),
        pad: t.padding,
        min_height,
        borders: t.borders,
        keep_next: false,
    };
    let header = t
        .header
        .then(|| row(t.columns.iter().map(|c| (c.header.as_str(), base.bold().align(Align::Center))).collect(), 0.0));
    let rows = t
        .rows
        .iter()
        .map(|r| match r {
            TableRow::Cells(cells) => row(
                t.columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (cells.get(i).map_or("", String::as_str), base.align(c.align)))
                    .collect(),
                t.min_row_height,
            ),
            TableRow::Group(title) => RowLayout {
                cells: vec![cell(title, &base.font(FontStyle::Bold), x, width, t.padding)],
                cols: vec![(x, width)],
                pad: t.padding,
                min_height: 0.0,
                borders: t.borders,
                keep_next: true,
            },
        })
        .collect();
    TableLayout { header, rows }
}
