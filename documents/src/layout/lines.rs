//! Line breaking with real glyph advances: greedy fill, justification by widening the spaces (as TJ
//! offsets, because Identity-H fonts ignore the `Tw` word-spacing operator), and words longer than
//! the line broken between characters so nothing ever crosses the margin.

use super::frag::{Draw, Frag, Run};
use super::style::{Align, ParaStyle};
use crate::fonts::{FontStyle, face};
use crate::text::sanitize;
use printpdf::TextItem;

/// A piece of a paragraph in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub font: FontStyle,
}

impl Span {
    pub fn new(text: impl Into<String>, font: FontStyle) -> Self {
        Span { text: text.into(), font }
    }
}

/// A word: consecutive non-space characters, possibly in several faces ("Địa điểm:" bold, glued
/// to nothing else).
#[derive(Debug, Clone)]
struct Word {
    pieces: Vec<(FontStyle, String)>,
    width: f32,
    /// Width of the space that follows the word (in the face of that space).
    space: f32,
    space_style: FontStyle,
}

impl Word {
    fn empty(style: FontStyle) -> Word {
        Word { pieces: Vec::new(), width: 0.0, space: 0.0, space_style: style }
    }
    fn push(&mut self, style: FontStyle, c: char, w: f32) {
        match self.pieces.last_mut() {
            Some((s, text)) if *s == style => text.push(c),
            _ => self.pieces.push((style, c.to_string())),
        }
        self.width += w;
    }
}

fn words(spans: &[Span], size: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word::empty(FontStyle::Regular);
    for span in spans {
        let f = face(span.font);
        for c in sanitize(&span.text, span.font).chars() {
            if c == ' ' {
                if !cur.pieces.is_empty() {
                    cur.space = f.advance(' ', size);
                    cur.space_style = span.font;
                    out.push(std::mem::replace(&mut cur, Word::empty(span.font)));
                }
            } else {
                cur.push(span.font, c, f.advance(c, size));
            }
        }
    }
    if !cur.pieces.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits a word too long for any line into pieces that each fit in `avail`.
fn split_word(word: Word, first_avail: f32, avail: f32, size: f32) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word::empty(word.space_style);
    let mut limit = first_avail;
    for (style, text) in &word.pieces {
        let f = face(*style);
        for c in text.chars() {
            let w = f.advance(c, size);
            if cur.width + w > limit && !cur.pieces.is_empty() {
                out.push(std::mem::replace(&mut cur, Word::empty(word.space_style)));
                limit = avail;
            }
            cur.push(*style, c, w);
        }
    }
    cur.space = word.space;
    out.push(cur);
    out
}

struct Line {
    words: Vec<Word>,
    first: bool,
    last: bool,
}

impl Line {
    fn natural_width(&self) -> f32 {
        let n = self.words.len();
        self.words.iter().enumerate().map(|(i, w)| w.width + if i + 1 < n { w.space } else { 0.0 }).sum()
    }
}

fn break_lines(spans: &[Span], style: &ParaStyle, width: f32) -> Vec<Line> {
    let avail_for = |first: bool| (width - style.indent - if first { style.first_indent } else { 0.0 }).max(1.0);
    let mut lines: Vec<Line> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut cur_w = 0.0;
    let mut pending: std::collections::VecDeque<Word> = words(spans, style.size).into();
    while let Some(word) = pending.pop_front() {
        let first = lines.is_empty();
        let avail = avail_for(first);
        let gap = cur.last().map_or(0.0, |w: &Word| w.space);
        if cur_w + gap + word.width <= avail + 0.01 {
            cur_w += gap + word.width;
            cur.push(word);
            continue;
        }
        let left = if cur.is_empty() { avail } else { avail - cur_w - gap };
        if !cur.is_empty() && (word.width <= avail_for(false) + 0.01 || left < style.size) {
            // The word starts the next line (where it fits, or gets broken with a whole line).
            pending.push_front(word);
        } else {
            // Too long for any line: break it between characters, filling this line first.
            let mut parts = split_word(word, left, avail_for(false), style.size).into_iter();
            if let Some(part) = parts.next() {
                // The first piece always goes here: it fits, or it is one character wider than
                // the whole line, which cannot be helped.
                cur.push(part);
            }
            for p in parts.rev() {
                pending.push_front(p);
            }
        }
        lines.push(Line { words: std::mem::take(&mut cur), first, last: false });
        cur_w = 0.0;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(Line { words: cur, first: lines.is_empty(), last: true });
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

/// Lays out a paragraph into one fragment per line, `x` being the block's left edge.
pub(crate) fn paragraph_lines(spans: &[Span], style: &ParaStyle, x: f32, width: f32) -> Vec<Frag> {
    let leading = style.leading();
    // Baseline centred in the line box using Liberation Serif's ascent/descent (0.891/0.216 em).
    let baseline = (leading - style.size * 1.107) / 2.0 + style.size * 0.891;
    break_lines(spans, style, width)
        .into_iter()
        .map(|line| {
            let indent = style.indent + if line.first { style.first_indent } else { 0.0 };
            let avail = width - indent;
            let natural = line.natural_width();
            let slack = (avail - natural).max(0.0);
            let gaps = line.words.len().saturating_sub(1);
            let (offset, extra) = match style.align {
                Align::Left => (0.0, 0.0),
                Align::Center => (slack / 2.0, 0.0),
                Align::Right => (slack, 0.0),
                Align::Justify if !line.last && gaps > 0 => (0.0, slack / gaps as f32),
                Align::Justify => (0.0, 0.0),
            };
            let runs = runs(&line.words, style.size, extra);
            let draws = if runs.is_empty() {
                Vec::new()
            } else {
                vec![Draw::Text { x: x + indent + offset, baseline, size: style.size, runs }]
            };
            Frag { height: leading, draws }
        })
        .collect()
}

/// Groups the words of a line into same-face runs, spaces included, with the justification
/// offset (thousandths of an em, negative = move right) after each inter-word space.
fn runs(words: &[Word], size: f32, extra: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut push = |style: FontStyle, item: TextItem| match runs.last_mut() {
        Some(r) if r.style == style => match (r.items.last_mut(), item) {
            (Some(TextItem::Text(t)), TextItem::Text(s)) => t.push_str(&s),
            (_, item) => r.items.push(item),
        },
        _ => runs.push(Run { style, items: vec![item] }),
    };
    for (i, w) in words.iter().enumerate() {
        for (style, text) in &w.pieces {
            push(*style, TextItem::Text(text.clone()));
        }
        if i + 1 < words.len() && w.space > 0.0 {
            push(w.space_style, TextItem::Text(" ".into()));
            if extra > 0.001 {
                push(w.space_style, TextItem::Offset(-extra * 1000.0 / size));
            }
        }
    }
    runs
}

/// Width of the widest line `spans` would need without wrapping.
pub(crate) fn natural_width(spans: &[Span], size: f32) -> f32 {
    let ws = words(spans, size);
    let n = ws.len();
    ws.iter().enumerate().map(|(i, w)| w.width + if i + 1 < n { w.space } else { 0.0 }).sum()
}

/// Width of the widest word of `spans`: the narrowest a line can be without cutting a word.
pub(crate) fn widest_word(spans: &[Span], size: f32) -> f32 {
    words(spans, size).iter().map(|w| w.width).fold(0.0, f32::max)
}
