//! Conditional requests (RFC 9110 section 13): shared by the page cache and the calendar feeds.

use axum::http::{HeaderMap, header};

/// A strong ETag of a body: the first 80 bits of its SHA-256, so every app server gives the same one.
pub fn etag(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("\"{}\"", &hex::encode(Sha256::digest(body))[..20])
}

pub fn http_date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

pub fn parse_http_date(v: &str) -> Option<i64> {
    chrono::NaiveDateTime::parse_from_str(v.trim(), "%a, %d %b %Y %H:%M:%S GMT").ok().map(|t| t.and_utc().timestamp())
}

/// Whether the client's copy is current. If-None-Match decides when present; If-Modified-Since only
/// counts without it (RFC 9110 13.2.2), and only when we know when the content last changed.
pub fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<i64>) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t == etag || t.strip_prefix("W/") == Some(etag)
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
}
