//! Paragraph styles. Sizes are in pt; the defaults follow Decree 30/2020 (body 14 pt, justified,
//! first-line indent 1 cm, 6 pt after each paragraph).

use crate::fonts::FontStyle;

/// 1 mm in pt.
pub const MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParaStyle {
    pub font: FontStyle,
    pub size: f32,
    pub align: Align,
    /// Extra indent of the first line (pt).
    pub first_indent: f32,
    /// Indent of every line from the left edge of the block (pt).
    pub indent: f32,
    pub space_before: f32,
    pub space_after: f32,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    /// Never end a page with this paragraph (headings).
    pub keep_with_next: bool,
}

impl Default for ParaStyle {
    fn default() -> Self {
        ParaStyle {
            font: FontStyle::Regular,
            size: 14.0,
            align: Align::Left,
            first_indent: 0.0,
            indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
            line_height: 1.2,
            keep_with_next: false,
        }
    }
}

impl ParaStyle {
    /// Body text of an official document.
    pub fn body() -> Self {
        ParaStyle { align: Align::Justify, first_indent: 10.0 * MM, space_after: 6.0, ..Default::default() }
    }

    /// A line of plain text, left aligned, no spacing.
    pub fn plain(size: f32) -> Self {
        ParaStyle { size, ..Default::default() }
    }

    pub fn centered(size: f32) -> Self {
        ParaStyle { size, align: Align::Center, ..Default::default() }
    }

    pub fn font(mut self, font: FontStyle) -> Self {
        self.font = font;
        self
    }
    pub fn bold(self) -> Self {
        self.font(FontStyle::Bold)
    }
    pub fn italic(self) -> Self {
        self.font(FontStyle::Italic)
    }
    pub fn size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub fn first_indent(mut self, pt: f32) -> Self {
        self.first_indent = pt;
        self
    }
    pub fn indent(mut self, pt: f32) -> Self {
        self.indent = pt;
        self
    }
    pub fn before(mut self, pt: f32) -> Self {
        self.space_before = pt;
        self
    }
    pub fn after(mut self, pt: f32) -> Self {
        self.space_after = pt;
        self
    }
    pub fn line_height(mut self, factor: f32) -> Self {
        self.line_height = factor;
        self
    }
    pub fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }

    pub(crate) fn leading(&self) -> f32 {
        self.size * self.line_height
    }
}
