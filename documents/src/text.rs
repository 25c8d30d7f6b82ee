//! Input text made safe to draw: NFC (decomposed Vietnamese from macOS arrives as NFD), look-alike
//! letters fixed, and characters the font cannot draw replaced so a stray emoji never corrupts the PDF.

use crate::fonts::{FontStyle, face};

/// What an undrawable character becomes.
pub const REPLACEMENT: char = '?';

/// Single-line text: NFC, whitespace collapsed. Used for names, titles and table cells.
pub fn line(input: &str) -> String {
    hoinghi_domain::text::clean_line(input)
}

/// Multi-line text: NFC, line breaks kept. Used for long bodies split into paragraphs.
pub fn block(input: &str) -> String {
    hoinghi_domain::text::clean_text(input)
}

/// Replaces characters `style` has no glyph for. Invisible format characters (zero-width joiner,
/// variation selectors) are dropped instead, so "👍🏽" becomes one '?' rather than several.
pub fn sanitize(input: &str, style: FontStyle) -> String {
    let f = face(style);
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if f.has(c) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if is_invisible(c) || c.is_control() {
            // dropped
        } else if out.ends_with(REPLACEMENT) && is_emoji_modifier(c) {
            // a skin-tone modifier after an already replaced emoji
        } else {
            out.push(REPLACEMENT);
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&c)
        // combining marks NFC could not fold into a precomposed letter
        || unicode_normalization::char::is_combining_mark(c)
}

fn is_emoji_modifier(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Paragraph texts for a multi-line body: blank lines and single line breaks both start a new
/// paragraph, since users type one paragraph per line.
pub fn paragraphs(input: &str) -> Vec<String> {
    block(input).split('\n').map(line).filter(|p| !p.is_empty()).collect()
}
