//! The bundled Liberation Serif faces (metric-compatible with Times New Roman, full Vietnamese
//! coverage) and the glyph advances the line breaker measures with.

use printpdf::ParsedFont;
use std::sync::LazyLock;

const REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// Code points below this get a precomputed advance table; it covers Latin, Vietnamese (U+1Exx)
/// and general punctuation, so the line breaker never touches the cmap in the common case.
const TABLE_LIMIT: u32 = 0x2100;
const MISSING: u16 = u16::MAX;

/// The four faces of the document font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize)]
pub enum FontStyle {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FontStyle {
    pub(crate) const ALL: [FontStyle; 4] =
        [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic, FontStyle::BoldItalic];

    pub(crate) fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::BoldItalic => 3,
        }
    }

    /// Fixed resource ids: printpdf derives the subset tag ("ABCDEF+") from the id, so random ids
    /// would make every rendering of the same input differ. Six capitals, as the tag requires.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            FontStyle::Regular => "HNSERR",
            FontStyle::Bold => "HNSERB",
            FontStyle::Italic => "HNSERI",
            FontStyle::BoldItalic => "HNSERZ",
        }
    }
}

pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    advances: Vec<u16>,
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        // The fonts are compiled in and known to parse; a failure here is a broken build.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("bundled font parses");
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let advances = (0..TABLE_LIMIT)
            .map(|cp| match parsed.lookup_glyph_index(cp) {
                Some(gid) if gid != 0 => parsed.get_horizontal_advance(gid),
                _ => MISSING,
            })
            .collect();
        Face { parsed, units_per_em, advances }
    }

    fn raw_advance(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        if cp < TABLE_LIMIT {
            let a = self.advances[cp as usize];
            (a != MISSING).then_some(a)
        } else {
            match self.parsed.lookup_glyph_index(cp) {
                Some(gid) if gid != 0 => Some(self.parsed.get_horizontal_advance(gid)),
                _ => None,
            }
        }
    }

    /// Whether the face has a real glyph (not .notdef) for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.raw_advance(c).is_some()
    }

    /// Advance of `c` at `size` pt; characters without a glyph count as zero (they are replaced
    /// before layout, see `text::sanitize`).
    pub(crate) fn advance(&self, c: char, size: f32) -> f32 {
        self.raw_advance(c).map_or(0.0, |a| f32::from(a) * size / self.units_per_em)
    }

    pub(crate) fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size)).sum()
    }
}

static FACES: LazyLock<[Face; 4]> =
    LazyLock::new(|| [Face::load(REGULAR), Face::load(BOLD), Face::load(ITALIC), Face::load(BOLD_ITALIC)]);

pub(crate) fn face(style: FontStyle) -> &'static Face {
    &FACES[style.index()]
}

/// Width of `text` in pt, as it will be drawn (after sanitising).
pub fn text_width(text: &str, style: FontStyle, size: f32) -> f32 {
    face(style).width(&crate::text::sanitize(text, style), size)
}
