//! Table layout: wrapped cells, rows that move to the next page whole when they fit there, rows
//! taller than a page split between lines, and the header row repeated on every page.

use super::block::{Fit, Table, TableRow};
use super::frag::{Draw, Frag};
use super::lines::{Span, natural_width, paragraph_lines, widest_word};
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

/// The lines of a cell; each line of `text` is a paragraph of its own (one person per line).
fn cell(text: &str, style: &ParaStyle, x: f32, w: f32, pad: f32) -> Vec<Frag> {
    let style = style.indent(0.0);
    text.split('\n')
        .flat_map(|p| paragraph_lines(&[Span::new(p, style.font)], &style, x + pad, (w - 2.0 * pad).max(1.0)))
        .collect()
}

/// Share of the table a no-wrap column may claim before it wraps between words after all.
const NOWRAP_CAP: f32 = 1.0 / 3.0;

/// Column widths: each column first gets the least its content needs ([`Fit`]), then the rest of the
/// width is shared by weight. If the minimums do not fit, they shrink in proportion.
fn column_widths(t: &Table, width: f32) -> Vec<f32> {
    let total: f32 = t.columns.iter().map(|c| c.weight.max(0.0)).sum::<f32>().max(f32::EPSILON);
    let share: Vec<f32> = t.columns.iter().map(|c| width * c.weight.max(0.0) / total).collect();
    if t.columns.iter().all(|c| c.fit == Fit::Weight) {
        return share;
    }
    let body = |i: usize| {
        t.rows.iter().filter_map(move |r| match r {
            TableRow::Cells(cells) => cells.get(i).map(String::as_str),
            TableRow::Group(_) => None,
        })
    };
    let pad = 2.0 * t.padding + 0.5;
    let words = |text: &str, font: FontStyle| {
        text.split('\n').map(|p| widest_word(&[Span::new(p, font)], t.size)).fold(0.0, f32::max)
    };
    let mins: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // A heading wraps only if it would take more than a third of the table: Vietnamese words
            // have several syllables, so a heading cut between syllables reads as cut words.
            let header = match t.header {
                false => 0.0,
                true => {
                    let whole = natural_width(&[Span::new(&c.header, FontStyle::Bold)], t.size);
                    if whole + pad <= width * NOWRAP_CAP { whole } else { words(&c.header, FontStyle::Bold) }
                }
            };
            let word_min = body(i).map(|s| words(s, FontStyle::Regular)).fold(header, f32::max);
            let min = match c.fit {
                Fit::Weight => return 0.0,
                Fit::Words => word_min,
                Fit::NoWrap => {
                    let whole = body(i)
                        .flat_map(|s| s.split('\n'))
                        .map(|p| natural_width(&[Span::new(p, FontStyle::Regular)], t.size))
                        .fold(word_min, f32::max);
                    if whole + pad <= width * NOWRAP_CAP { whole } else { word_min }
                }
            };
            min + pad
        })
        .collect();
    let needed: f32 = mins.iter().sum();
    if needed >= width {
        return mins.iter().map(|m| m * width / needed).collect();
    }
    // Give each column its minimum, then share what is left by weight among the columns whose share
    // is above their minimum (a column already at its minimum keeps it).
    let mut fixed = vec![false; mins.len()];
    loop {
        let left = width - mins.iter().zip(&fixed).filter(|(_, f)| **f).map(|(m, _)| m).sum::<f32>();
        let weights: f32 = t.columns.iter().zip(&fixed).filter(|(_, f)| !**f).map(|(c, _)| c.weight.max(0.0)).sum();
        let mut changed = false;
        for i in 0..mins.len() {
            if !fixed[i] {
                let w = if weights > 0.0 { left * t.columns[i].weight.max(0.0) / weights } else { 0.0 };
                if w < mins[i] {
                    fixed[i] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return (0..mins.len())
                .map(
                    |i| {
                        if fixed[i] || weights <= 0.0 { mins[i] } else { left * t.columns[i].weight.max(0.0) / weights }
                    },
                )
                .collect();
        }
    }
}

pub(crate) fn layout_table(t: &Table, x: f32, width: f32) -> TableLayout {
    let mut cols = Vec::with_capacity(t.columns.len());
    let mut cx = x;
    for w in column_widths(t, width) {
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
