//! Languages: Vietnamese first, English second.
//!
//! Every user-visible string lives in one Fluent catalogue per language (`domain/locales/*.ftl`),
//! compiled into the binary and the WebAssembly bundle alike. Code refers to messages by key only.
//! Isolation marks (U+2068/U+2069) are turned off: the text goes into HTML, iCalendar and PDF, where
//! invisible marks around names would be noise.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const VI_FTL: &str = include_str!("../locales/vi.ftl");
const EN_FTL: &str = include_str!("../locales/en.ftl");

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Vi, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Vi => "Tiếng Việt",
            Locale::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, Vietnamese when nothing fits.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (position, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            let Some(locale) = Locale::from_code(tag) else { continue };
            if quality <= 0.0 {
                continue;
            }
            // Higher quality wins; on a tie the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, pos, _)) => quality > q || (quality == q && position < pos),
            };
            if better {
                best = Some((quality, position, locale));
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }
}

struct Catalogue {
    bundle: FluentBundle<FluentResource>,
}

fn build(locale: Locale, source: &'static str) -> Catalogue {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("catalogue {} does not parse: {errors:?}", locale.code()));
    let langid = locale.code().parse().expect("language code");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).expect("no duplicate keys in a catalogue");
    Catalogue { bundle }
}

static VI: LazyLock<Catalogue> = LazyLock::new(|| build(Locale::Vi, VI_FTL));
static EN: LazyLock<Catalogue> = LazyLock::new(|| build(Locale::En, EN_FTL));

fn catalogue(locale: Locale) -> &'static Catalogue {
    match locale {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

/// An argument of a message: numbers stay numbers so English plural rules can select on them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Text(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as i64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(n as i64)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

/// The message `key` in `locale`. A missing key shows as the key itself, so a gap is visible rather
/// than blank; a test keeps both catalogues complete.
pub fn t(locale: Locale, key: &str) -> String {
    t_args(locale, key, &[])
}

/// The message `key` in `locale` with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
    let bundle = &catalogue(locale).bundle;
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
        }
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

/// Whether `key` exists in the catalogue of `locale`.
pub fn has_key(locale: Locale, key: &str) -> bool {
    catalogue(locale).bundle.has_message(key)
}

/// Every message key in a catalogue source, in file order.
pub fn keys_of(locale: Locale) -> Vec<String> {
    let source = match locale {
        Locale::Vi => VI_FTL,
        Locale::En => EN_FTL,
    };
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Locale::negotiate("en-US,en;q=0.9,vi;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("fr-FR,vi;q=0.5,en;q=0.4"), Locale::Vi);
        assert_eq!(Locale::negotiate("de,fr"), Locale::Vi);
        assert_eq!(Locale::negotiate(""), Locale::Vi);
        assert_eq!(Locale::negotiate("vi;q=0.2, en;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=0"), Locale::Vi);
    }

    #[test]
    fn both_catalogues_have_the_same_keys() {
        let vi = keys_of(Locale::Vi);
        let en = keys_of(Locale::En);
        assert!(vi.len() > 20, "the catalogue parser found too few keys: {}", vi.len());
        let missing_en: Vec<_> = vi.iter().filter(|k| !has_key(Locale::En, k)).collect();
        let missing_vi: Vec<_> = en.iter().filter(|k| !has_key(Locale::Vi, k)).collect();
        assert!(missing_en.is_empty(), "keys missing in en.ftl: {missing_en:?}");
        assert!(missing_vi.is_empty(), "keys missing in vi.ftl: {missing_vi:?}");
    }

    #[test]
    fn formats_arguments_without_isolation_marks() {
        let s = t_args(Locale::En, "error-too-long", &[("max", Arg::Number(200))]);
        assert!(s.contains("200"), "{s}");
        assert!(!s.contains('\u{2068}'));
        assert_eq!(t(Locale::Vi, "no-such-key"), "no-such-key");
    }
}
