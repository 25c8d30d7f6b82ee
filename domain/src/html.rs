//! Escaping text for markup (HTML, SVG, XML), in one place.
//!
//! Pages are rendered by Leptos, which escapes text nodes and attribute values, but not everything:
//! the `<title>` written by the meta library and the children of `<textarea>` go out as given. Markup
//! we write ourselves (SVG charts, the frab XML, the bare error page) has no framework at all. Every
//! such place calls these functions, so whether a user's text can become markup is decided here.

/// Characters XML 1.0 does not allow even escaped (C0 controls but tab, newline and carriage return;
/// U+FFFE and U+FFFF). Browsers would show them as U+FFFD and XML parsers refuse the whole document.
fn allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

fn escape(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars().filter(|c| allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text between tags: element content, `<title>`, `<textarea>` (whose content the browser decodes, so
/// an escaped value shows exactly as typed).
pub fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value, in double or single quotes.
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_cannot_break_out() {
        let hostile = "</title><script>alert(1)</script></textarea>\"' onload=x &amp;";
        let text = escape_text(hostile);
        assert!(!text.contains('<') && !text.contains('>'));
        assert!(text.contains("&amp;amp;"), "an entity is shown as typed, not decoded: {text}");
        let attr = escape_attr(hostile);
        assert!(!attr.contains('"') && !attr.contains('\'') && !attr.contains('<'));
    }

    #[test]
    fn vietnamese_and_line_breaks_are_kept_controls_dropped() {
        assert_eq!(escape_text("Nguyễn Văn Đức\r\n\tx"), "Nguyễn Văn Đức\r\n\tx");
        assert_eq!(escape_text("a\u{0}b\u{1b}c\u{ffff}"), "abc");
    }
}
