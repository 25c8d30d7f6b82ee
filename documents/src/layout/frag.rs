//! Positioned drawing primitives. A [`Frag`] is the unit the pager moves between pages: it is never
//! split, so a line of text, a table row slice or a whole signature block is one fragment.

use crate::fonts::FontStyle;
use printpdf::TextItem;

/// A run of text in one face, continuing where the previous run ended.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub style: FontStyle,
    pub items: Vec<TextItem>,
}

#[derive(Debug, Clone)]
pub(crate) enum Draw {
    /// One line of text; `baseline` is measured down from the fragment's top.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        runs: Vec<Run>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A filled (`stroke == 0`) or outlined rectangle; `y` is its top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        stroke: f32,
    },
    /// Nothing drawn: the place of an empty signature field (an AcroForm `/Sig` widget); `y` is its top.
    Field {
        name: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Draw {
    pub(crate) fn shifted(mut self, dy: f32) -> Draw {
        match &mut self {
            Draw::Text { baseline, .. } => *baseline += dy,
            Draw::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Draw::Rect { y, .. } | Draw::Field { y, .. } => *y += dy,
        }
        self
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Frag {
    pub height: f32,
    pub draws: Vec<Draw>,
}

impl Frag {
    /// Appends `other` below the current content.
    pub(crate) fn stack(&mut self, other: Frag) {
        let dy = self.height;
        self.draws.extend(other.draws.into_iter().map(|d| d.shifted(dy)));
        self.height += other.height;
    }
}
