//! Conditional requests (RFC 9110 section 13): shared by the page cache and the calendar feeds.
//!
//! An answer sent plain and gzip-compressed is two representations, and a strong validator names exactly
//! one: the gzip body's ETag is the plain one with `-gz` inside the quotes. The page cache and the feeds
//! pick the coding themselves ([`Coding::accepted`]) and compare If-None-Match with that representation's
//! tag only; the compression layer leaves answers that carry an ETag alone (see [`compressible`]).

use axum::http::{Extensions, HeaderMap, StatusCode, Version, header};

/// How a body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
}

impl Coding {
    /// gzip when the request's Accept-Encoding allows it (`gzip`, `x-gzip` or `*` with a non-zero q),
    /// else the plain body.
    pub fn accepted(headers: &HeaderMap) -> Coding {
        let Some(accept) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
            return Coding::Identity;
        };
        let mut gzip = None;
        let mut any = None;
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => gzip = Some(q > 0.0),
                "*" => any = Some(q > 0.0),
                _ => {}
            }
        }
        if gzip.or(any).unwrap_or(false) { Coding::Gzip } else { Coding::Identity }
    }
}

/// A strong ETag of one representation of a body: the first 80 bits of the plain body's SHA-256 (so every
/// app server gives the same one), with `-gz` for the gzip representation.
pub fn etag(body: &[u8], coding: Coding) -> String {
    use sha2::{Digest, Sha256};
    let hash = &hex::encode(Sha256::digest(body))[..20];
    match coding {
        Coding::Identity => format!("\"{hash}\""),
        Coding::Gzip => format!("\"{hash}-gz\""),
    }
}

/// The compression layer's rule: it compresses only answers without an ETag, because a tag set by a
/// handler names the plain body and would then be sent with the gzip one too. Answers with a tag choose
/// their coding themselves.
pub fn compressible(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    !headers.contains_key(header::ETAG)
}

/// The body gzip-compressed (best compression: answers are compressed once and kept, or are small).
pub fn gzip(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

pub fn http_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

pub fn parse_http_date(v: &str) -> Option<i64> {
    chrono::NaiveDateTime::parse_from_str(v.trim(), "%a, %d %b %Y %H:%M:%S GMT").ok().map(|t| t.and_utc().timestamp())
}

/// Whether the client's copy is current. `etag` is the tag of the representation about to be sent: the
/// other coding's tag does not match. If-None-Match decides when present (weak comparison, RFC 9110
/// 13.1.2: `W/` aside, the tags must be equal); If-Modified-Since only counts without it (13.2.2), and
/// only when we know when the content last changed.
pub fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<i64>) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag
        });
    }
    match (last_modified, headers.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok())) {
        (Some(modified), Some(since)) => parse_http_date(since).is_some_and(|since| modified <= since),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn etag_wins_over_dates_and_dates_round_trip() {
        assert_eq!(http_date(1_773_277_200), "Thu, 12 Mar 2026 01:00:00 GMT");
        assert_eq!(parse_http_date("Thu, 12 Mar 2026 01:00:00 GMT"), Some(1_773_277_200));
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_static("Thu, 12 Mar 2026 01:00:00 GMT"));
        assert!(not_modified(&h, "\"a\"", Some(1_773_277_200)));
        assert!(!not_modified(&h, "\"a\"", Some(1_773_277_201)));
        assert!(!not_modified(&h, "\"a\"", None));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"b\""));
        assert!(!not_modified(&h, "\"a\"", Some(1)));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\", W/\"a\""));
        assert!(not_modified(&h, "\"a\"", Some(1)));
    }

    #[test]
    fn each_coding_has_its_own_tag_and_only_that_tag_matches() {
        let plain = etag(b"body", Coding::Identity);
        let gz = etag(b"body", Coding::Gzip);
        assert_eq!(gz, format!("{}-gz\"", plain.trim_end_matches('"')));
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&plain).unwrap());
        assert!(not_modified(&h, &plain, None));
        assert!(!not_modified(&h, &gz, None), "the plain body's tag does not validate the gzip body");
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&gz).unwrap());
        assert!(not_modified(&h, &gz, None));
        assert!(!not_modified(&h, &plain, None));
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let coding = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            Coding::accepted(&h)
        };
        assert_eq!(Coding::accepted(&HeaderMap::new()), Coding::Identity);
        assert_eq!(coding("gzip"), Coding::Gzip);
        assert_eq!(coding("br, gzip;q=0.8"), Coding::Gzip);
        assert_eq!(coding("gzip;q=0"), Coding::Identity);
        assert_eq!(coding("br"), Coding::Identity);
        assert_eq!(coding("*"), Coding::Gzip);
        assert_eq!(coding("*, gzip;q=0"), Coding::Identity);
        assert_eq!(coding("identity"), Coding::Identity);
    }
}
