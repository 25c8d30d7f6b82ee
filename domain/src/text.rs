//! Vietnamese text at the boundary: normalisation, search keys and personal names.
//!
//! Everything a user types passes through [`clean_line`] or [`clean_text`] before it is validated or
//! stored, so the database only ever holds NFC text (see `docs/vietnamese-text.md`).

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Maps letters that old encodings produce as look-alikes of đ/Đ (Icelandic eth) to the real ones.
/// NFC leaves them alone because they are different letters, not different encodings.
fn fix_lookalike(c: char) -> char {
    match c {
        '\u{00D0}' => '\u{0110}',
        '\u{00F0}' => '\u{0111}',
        other => other,
    }
}

/// Invisible characters that only ever arrive as noise from copy and paste (a byte-order mark at the
/// start of a pasted cell, zero-width spaces from web pages, soft hyphens from word processors). They mean
/// nothing in Vietnamese or English text and would make two equal-looking names differ, so every input
/// loses them.
fn is_paste_noise(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{00AD}' | '\u{180E}')
}

/// Characters that show nothing on their own: Unicode format characters (general category Cf: the
/// byte-order mark, zero-width space, joiners and non-joiners, direction marks and overrides, soft hyphen,
/// tags, …), the blank "filler" letters, the combining grapheme joiner and variation selectors.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{0600}'..='\u{0605}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}'..='\u{0891}' | '\u{08E2}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether the text shows anything: at least one character that is not whitespace, a control or
/// [invisible](is_invisible). A required field must pass this, not merely be non-empty.
pub fn has_visible(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
}

/// Multi-line text as stored: NFC, look-alikes fixed, `\r\n` and `\r` turned into `\n`, other control
/// characters and copy-paste noise (byte-order mark, zero-width space, soft hyphen) dropped, surrounding
/// whitespace trimmed. Text that shows nothing at all becomes empty, so every "is it empty?" check sees
/// a field of invisible characters as the empty field it looks like.
pub fn clean_text(input: &str) -> String {
    let unified: String =
        input.replace("\r\n", "\n").replace('\r', "\n").chars().filter(|c| !is_paste_noise(*c)).collect();
    let normalised: String =
        unified.nfc().map(fix_lookalike).filter(|c| *c == '\n' || *c == '\t' || !c.is_control()).collect();
    if !has_visible(&normalised) {
        return String::new();
    }
    normalised.trim().to_string()
}

/// Single-line text as stored: like [`clean_text`], without any other invisible format character
/// (joiners, direction marks and overrides: a name, title, address or phone number never needs one, and
/// Vietnamese writing uses none), and with every run of whitespace (newlines included) collapsed into
/// one space. Variation selectors stay, for emoji presentation.
pub fn clean_line(input: &str) -> String {
    let cleaned: String =
        clean_text(input).chars().filter(|c| !is_invisible(*c) || ('\u{FE00}'..='\u{FE0F}').contains(c)).collect();
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A key that matches text typed with or without diacritics, in any case and with either
/// tone-placement convention: "Nguyễn Thị Thu", "nguyen thi thu" and "NGUYÊN THI THU" give the same key.
pub fn search_key(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.nfd().map(fix_lookalike) {
        if is_combining_mark(c) {
            continue;
        }
        let base = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if base.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        for lower in base.to_lowercase() {
            out.push(lower);
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Turns a title into a URL slug: search key, ASCII letters and digits, words joined by hyphens.
pub fn slugify(input: &str, max_len: usize) -> String {
    let key = search_key(input);
    let mut slug = String::new();
    for word in key.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if slug.len() + word.len() + 1 > max_len {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

/// A Vietnamese personal name kept in its three parts: family name (họ), middle names (tên đệm) and
/// given name (tên). Lists sort by given name first (see `service::text::collation`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonName {
    pub family: String,
    pub middle: String,
    pub given: String,
}

impl PersonName {
    pub fn new(family: &str, middle: &str, given: &str) -> Self {
        Self { family: clean_line(family), middle: clean_line(middle), given: clean_line(given) }
    }

    /// Splits a full name written in Vietnamese order: the first word is the family name, the last the
    /// given name, anything between the middle names. A single word is a given name.
    pub fn from_full(full: &str) -> Self {
        let cleaned = clean_line(full);
        let words: Vec<&str> = cleaned.split(' ').filter(|w| !w.is_empty()).collect();
        match words.as_slice() {
            [] => Self::default(),
            [given] => Self { given: given.to_string(), ..Self::default() },
            [family, rest @ ..] => {
                let (given, middle) = rest.split_last().expect("at least one more word");
                Self { family: family.to_string(), middle: middle.join(" "), given: given.to_string() }
            }
        }
    }

    /// "Họ tên đệm tên", the form used everywhere a name is shown.
    pub fn display(&self) -> String {
        [self.family.as_str(), self.middle.as_str(), self.given.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn is_empty(&self) -> bool {
        self.family.is_empty() && self.middle.is_empty() && self.given.is_empty()
    }

    pub fn search_key(&self) -> String {
        search_key(&self.display())
    }
}

/// Counts characters the way users see them (Unicode scalar values after NFC), for length limits.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The text with its first letter in upper case ("thứ Ba" → "Thứ Ba"), for headings.
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The words that name the kind of a provincial-level unit, in the order they are tried.
const PLACE_TYPES: [&str; 2] = ["thành phố", "tỉnh"];

/// A place name, or a unit named after one, without the type words "Tỉnh" and "Thành phố" (in any
/// case, wherever they stand): "Bảo hiểm xã hội tỉnh An Giang" → "Bảo hiểm xã hội An Giang". Official
/// lists sort provinces this way, so "Thành phố Hồ Chí Minh" comes under H, not before every "Tỉnh …".
pub fn without_place_type(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for t in PLACE_TYPES {
            let n = t.split(' ').count();
            if i + n < words.len() && words[i..i + n].join(" ").to_lowercase() == t {
                i += n;
                continue 'words;
            }
        }
        out.push(words[i]);
        i += 1;
    }
    out.join(" ")
}

/// The place as the date line of an official document names it ("Khánh Hòa, ngày …"): a province
/// without "Tỉnh", a centrally run city without "Thành phố", except Thành phố Hồ Chí Minh, which keeps
/// its full name.
pub fn place_for_date_line(admin_unit_name: &str) -> String {
    let name = clean_line(admin_unit_name);
    if search_key(&name) == "thanh pho ho chi minh" {
        return "Thành phố Hồ Chí Minh".into();
    }
    without_place_type(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_input_is_stored_precomposed() {
        let nfd = "Nguye\u{302}\u{303}n";
        let cleaned = clean_line(nfd);
        assert_eq!(cleaned, "Nguyễn");
        assert_eq!(cleaned.chars().count(), 6);
    }

    #[test]
    fn eth_lookalikes_become_d_with_stroke() {
        assert_eq!(clean_line("\u{00D0}ào Vi\u{1EC7}t \u{00F0}ánh"), "Đào Việt đánh");
    }

    #[test]
    fn clean_line_collapses_whitespace_and_drops_controls() {
        assert_eq!(clean_line("  Hội\r\n nghị\t\u{0007}sơ   kết "), "Hội nghị sơ kết");
        assert_eq!(clean_text(" a\r\nb\rc "), "a\nb\nc");
    }

    #[test]
    fn invisible_only_text_is_empty() {
        for invisible in [
            "\u{FEFF}",
            "\u{200B}",
            "\u{200C}",
            "\u{200D}",
            "\u{2060}",
            "\u{00AD}",
            " \u{FEFF}\u{200B} ",
            "\u{202E}\u{2066}",
            "\u{3164}",
            "\u{E0041}",
        ] {
            assert!(!has_visible(invisible), "{invisible:?}");
            assert_eq!(clean_line(invisible), "", "{invisible:?}");
        }
        assert_eq!(clean_text("\u{FEFF}\n\u{200B}\t"), "");
        assert!(has_visible("\u{200B}a"));
        assert!(has_visible("Đ"));
    }

    #[test]
    fn copy_paste_noise_is_dropped_at_the_boundary() {
        // A byte-order mark from a pasted spreadsheet cell, a zero-width space and a soft hyphen.
        assert_eq!(clean_line("\u{FEFF}Nguyễn\u{200B} Văn An"), "Nguyễn Văn An");
        assert_eq!(clean_line("tập\u{00AD}huấn"), "tậphuấn");
        // Joiners and direction controls never belong in a single line; multi-line text keeps the joiner.
        assert_eq!(clean_line("Lê\u{200D} \u{202E}Minh\u{200C}"), "Lê Minh");
        assert_eq!(clean_text("a\u{200D}b"), "a\u{200D}b");
        // Removing the noise before NFC still composes the letter.
        assert_eq!(clean_line("Vie\u{302}\u{FEFF}\u{323}t"), "Việt");
        assert_eq!(clean_line("\u{2764}\u{FE0F}"), "\u{2764}\u{FE0F}");
    }

    #[test]
    fn search_key_folds_case_diacritics_and_tone_placement() {
        let k = search_key("Nguyễn Thị Thu");
        assert_eq!(k, "nguyen thi thu");
        assert_eq!(search_key("NGUYÊN  THI THU"), k);
        assert_eq!(search_key("nguye\u{302}\u{303}n thi\u{323} thu"), k);
        assert_eq!(search_key("Khánh Hoà"), search_key("Khánh Hòa"));
        assert_eq!(search_key("Thuỷ"), search_key("Thủy"));
        assert_eq!(search_key("Đồng Nai"), "dong nai");
    }

    #[test]
    fn slug_from_vietnamese_title() {
        assert_eq!(
            slugify("Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại", 40),
            "hoi-nghi-so-ket-va-tap-huan-cong-tac"
        );
        assert_eq!(slugify("  !!  ", 40), "");
    }

    #[test]
    fn place_types_are_left_out_for_sorting_and_date_lines() {
        assert_eq!(without_place_type("Tỉnh Khánh Hòa"), "Khánh Hòa");
        assert_eq!(without_place_type("Thành phố Hồ Chí Minh"), "Hồ Chí Minh");
        assert_eq!(without_place_type("Bảo hiểm xã hội tỉnh An Giang"), "Bảo hiểm xã hội An Giang");
        assert_eq!(without_place_type("Sở Nội vụ THÀNH PHỐ Cần Thơ"), "Sở Nội vụ Cần Thơ");
        // A name that is only the type word stays as it is.
        assert_eq!(without_place_type("Tỉnh"), "Tỉnh");
        assert_eq!(place_for_date_line("Tỉnh Khánh Hòa"), "Khánh Hòa");
        assert_eq!(place_for_date_line("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_for_date_line("Thành phố Hồ Chí Minh"), "Thành phố Hồ Chí Minh");
        assert_eq!(capitalize_first("thứ Ba, 14/7/2026"), "Thứ Ba, 14/7/2026");
        assert_eq!(capitalize_first(""), "");
    }

    #[test]
    fn names_split_and_display_in_vietnamese_order() {
        let n = PersonName::from_full(" Nguyễn   Thị Thu ");
        assert_eq!(n, PersonName::new("Nguyễn", "Thị", "Thu"));
        assert_eq!(n.display(), "Nguyễn Thị Thu");
        let long = PersonName::from_full("Tôn Nữ Thị Ninh");
        assert_eq!((long.family.as_str(), long.middle.as_str(), long.given.as_str()), ("Tôn", "Nữ Thị", "Ninh"));
        assert_eq!(PersonName::from_full("Mai").display(), "Mai");
        assert!(PersonName::from_full("   ").is_empty());
    }
}
