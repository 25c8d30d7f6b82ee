//! Where a redirect may go: a path on this site, never another one. Every `Location` built from data (the
//! sign-in's `next`, the language switch, server functions, the no-JavaScript form answer) passes
//! [`safe_next`].
//!
//! Browsers forgive a lot in a `Location`: they drop TAB, CR and LF anywhere and trim control characters
//! and spaces at the ends, read `\` as `/`, and take `//host` as another site. So `/\evil.example` and
//! `/<TAB>/evil.example` both lead to evil.example. A target is accepted only if, as given and after each
//! round of percent-decoding, it starts with a single `/` not followed by `/` or `\`, holds no backslash
//! and no control character (C0, DEL, C1), and is at most [`MAX_TARGET_BYTES`] long. It then has no
//! scheme and no host by construction.

/// Longest target accepted, in bytes as given.
pub const MAX_TARGET_BYTES: usize = 2000;

/// `target` when it is a path on this site, `fallback` (a constant of the caller) otherwise. Spaces and
/// non-ASCII characters of an accepted target are percent-encoded, so it is a valid header value.
pub fn safe_next(target: &str, fallback: &str) -> String {
    if target.len() > MAX_TARGET_BYTES || !target.starts_with('/') {
        return fallback.to_string();
    }
    // Each decoding is shorter than the one before, so this ends.
    let mut layer = target.as_bytes().to_vec();
    loop {
        if !acceptable(&layer) {
            return fallback.to_string();
        }
        let decoded = percent_decode(&layer);
        if decoded == layer {
            break;
        }
        layer = decoded;
    }
    encode(target)
}

fn acceptable(path: &[u8]) -> bool {
    path.first() == Some(&b'/')
        && !matches!(path.get(1), Some(b'/' | b'\\'))
        && !path.contains(&b'\\')
        && !String::from_utf8_lossy(path).chars().any(char::is_control)
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match (input[i], input.get(i + 1).copied().and_then(hex), input.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b == b' ' || !b.is_ascii() {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "/fallback";

    #[test]
    fn paths_on_this_site_are_kept() {
        for ok in [
            "/",
            "/manage",
            "/ok?x=1#f",
            "/c/hoi-nghi/sessions/abc?done=notice-saved#questions",
            "/c/h%E1%BB%99i-ngh%E1%BB%8B?q=Nguy%E1%BB%85n%20V%C4%83n",
            "/manage/c/x/checkin?q=a%2Fb&scope=day",
            "/search?back=https://example.vn/",
            "/a/b//c",
        ] {
            assert_eq!(safe_next(ok, HOME), ok, "{ok:?}");
        }
    }

    #[test]
    fn raw_vietnamese_and_spaces_are_percent_encoded() {
        assert_eq!(safe_next("/c/hội nghị", HOME), "/c/h%E1%BB%99i%20ngh%E1%BB%8B");
    }

    #[test]
    fn other_sites_and_header_breaking_targets_fall_back() {
        for bad in [
            // The two reported payloads, as sent in the query and as the server reads them.
            "/%5Cevil.example/",
            "/\\evil.example/",
            "/%09/evil.example",
            "/\t/evil.example",
            "//evil",
            "/\\evil",
            "/%2F%2Fevil",
            "/%2f/evil",
            "/%5C%5Cevil",
            "/%255Cevil",
            "/%252F/evil",
            "https://evil",
            "HTTPS://evil",
            "javascript:alert(1)",
            "evil.example/",
            " /evil",
            "",
            "/\r\nSet-Cookie: a=b",
            "/%0d%0aX: y",
            "/%0D%0AX: y",
            "/ok\nx",
            "/ok\u{0}",
            "/ok%00",
            "/ok\u{7f}",
            "/ok%7F",
            "/ok\u{85}",
            "/ok%C2%85",
            "/a\\b",
            "/a%5cb",
        ] {
            assert_eq!(safe_next(bad, HOME), HOME, "{bad:?}");
        }
    }

    #[test]
    fn length_is_bounded() {
        let long = format!("/{}", "a".repeat(MAX_TARGET_BYTES - 1));
        assert_eq!(safe_next(&long, HOME), long);
        assert_eq!(safe_next(&format!("{long}a"), HOME), HOME);
    }
}
